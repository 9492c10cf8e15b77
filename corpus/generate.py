#!/usr/bin/env python3
"""Generate the SAMPLE video metadata and school cases of corpus/.

The real exports (the ~1200 instructional videos of Leerlingen voor
Leerlingen on Wikiwijs, the cases of the 150 IIO schools) are not available,
so this script writes a realistic stand-in: real curriculum topics per
subject, real Dutch towns, but invented schools and no people. Output is
deterministic (fixed seed), so the checked-in files can be regenerated and
compared:

    python3 corpus/generate.py corpus/

writes videos/videos-sample.csv and cases/cases-sample.jsonl. The real
exports are drop-in replacements: the same columns/keys (see corpus/README.md).
"""
import csv
import json
import os
import random
import sys

SEED = 20100915  # the start of IIO, for lack of a better number

TOWNS = [
    "Almere", "Amersfoort", "Apeldoorn", "Arnhem", "Assen", "Bergen op Zoom", "Breda", "Culemborg",
    "Delft", "Den Helder", "Deventer", "Doetinchem", "Dordrecht", "Drachten", "Ede", "Eindhoven",
    "Emmen", "Enschede", "Goes", "Gorinchem", "Gouda", "Groningen", "Haarlem", "Harderwijk",
    "Heerenveen", "Heerlen", "Helmond", "Hengelo", "Hoogeveen", "Hoorn", "Kampen", "Leeuwarden",
    "Leiden", "Lelystad", "Maastricht", "Meppel", "Middelburg", "Nijmegen", "Oss", "Purmerend",
    "Roermond", "Roosendaal", "Schagen", "Sittard", "Sneek", "Terneuzen", "Tiel", "Tilburg",
    "Utrecht", "Veendam", "Venlo", "Vlissingen", "Winterswijk", "Woerden", "Zaandam", "Zeist",
    "Zierikzee", "Zutphen", "Zwolle", "Emmeloord",
]

# Invented school names: a rare word pair that is meant to match no real school.
NAME_A = ["Kwikstaart", "Lisdodde", "Zandloper", "Wilgenroos", "Dotterbloem", "Sterrenkijker",
          "Waterhoen", "Kompasroos", "Berkenlaan", "Zilverspar", "Vlinderkruid", "Ganzenbord",
          "Lijsterbes", "Korenschoof", "Windwijzer", "Zonnedauw", "Klaproos", "Veldleeuwerik"]
NAME_B = ["hof", "weide", "hoek", "akker", "dreef", "gaard", "wiek", "kamp", "veld", "tuin"]
VO_NAMES = ["Veenmarke", "Lindeloo", "Heuvelzoom", "Beekdal", "Eemstroom", "Duinrand", "Vlietland",
            "Kanaalzijde", "Hunzedal", "Maasoever", "Peelrand", "Dijkwacht", "Waalkade", "Geulpoort"]
VO_FORMS = ["{} College", "Scholengemeenschap {}", "Lyceum {}", "{} Scholengroep", "{} Campus"]
PO_FORMS = ["Basisschool De {}", "Kindcentrum De {}", "Obs De {}", "Cbs De {}", "Daltonschool De {}"]


def po_school(rng):
    return rng.choice(PO_FORMS).format(rng.choice(NAME_A) + rng.choice(NAME_B))


def vo_school(rng):
    return rng.choice(VO_FORMS).format(rng.choice(VO_NAMES))


# Subject -> (level, topics). A topic: (title, what is explained, keywords).
SUBJECTS = {
    "wiskunde": ("vo", [
        ("Stelling van Pythagoras", "hoe je met de stelling van Pythagoras de schuine zijde van een rechthoekige driehoek berekent", ["pythagoras", "driehoeken", "meetkunde"]),
        ("Breuken vermenigvuldigen en delen", "hoe je breuken vermenigvuldigt en deelt en het antwoord vereenvoudigt", ["breuken", "rekenen"]),
        ("Lineaire formules", "hoe je bij een lineaire formule het hellingsgetal en het startgetal vindt", ["formules", "grafieken", "hellingsgetal"]),
        ("Kwadratische vergelijkingen", "hoe je een kwadratische vergelijking oplost met ontbinden in factoren en met de abc-formule", ["abc-formule", "vergelijkingen", "algebra"]),
        ("Goniometrie: sinus, cosinus en tangens", "wanneer je sinus, cosinus of tangens gebruikt om een hoek of zijde te berekenen", ["goniometrie", "sos-cas-toa", "driehoeken"]),
        ("Procenten en groeifactor", "hoe je met een groeifactor rekent bij procentuele toename en afname", ["procenten", "groeifactor", "exponentiële groei"]),
        ("Oppervlakte en inhoud", "hoe je de oppervlakte en de inhoud van prisma's, cilinders en piramides berekent", ["oppervlakte", "inhoud", "ruimtefiguren"]),
        ("Kansrekening met boomdiagrammen", "hoe je met een boomdiagram kansen bij twee of meer trekkingen uitrekent", ["kansrekening", "boomdiagram", "statistiek"]),
        ("Haakjes wegwerken", "hoe je haakjes wegwerkt met de distributieve eigenschap en de bananenmethode", ["algebra", "haakjes", "bananenmethode"]),
        ("Gemiddelde, mediaan en modus", "wat het verschil is tussen gemiddelde, mediaan en modus en wanneer je welke gebruikt", ["statistiek", "centrummaten"]),
        ("Differentiëren", "hoe je de afgeleide van een functie bepaalt met de somregel en de productregel", ["differentiëren", "afgeleide", "functies"]),
        ("Vectoren optellen", "hoe je vectoren optelt en de lengte van een vector berekent", ["vectoren", "meetkunde"]),
    ]),
    "Nederlands": ("vo", [
        ("Werkwoordspelling: d, t of dt", "wanneer je een werkwoord met d, t of dt schrijft, met het ezelsbruggetje 't kofschip", ["werkwoordspelling", "d/t", "spelling", "kofschip"]),
        ("Voltooide deelwoorden", "hoe je de spelling van een voltooid deelwoord bepaalt en wanneer het bijvoeglijk gebruikt wordt", ["werkwoordspelling", "voltooid deelwoord"]),
        ("Samenvatten van een zakelijke tekst", "hoe je de kern van een zakelijke tekst vindt en in eigen woorden samenvat", ["samenvatten", "leesvaardigheid", "tekstverklaren"]),
        ("Signaalwoorden", "hoe signaalwoorden het verband tussen zinnen laten zien, zoals oorzaak, gevolg en tegenstelling", ["signaalwoorden", "tekstverbanden", "leesvaardigheid"]),
        ("Zinsontleding: onderwerp en gezegde", "hoe je het onderwerp, de persoonsvorm en het gezegde in een zin vindt", ["zinsontleding", "grammatica", "persoonsvorm"]),
        ("Betogend schrijven", "hoe je een betoog opbouwt met een standpunt, argumenten en een tegenargument", ["betoog", "schrijfvaardigheid", "argumenteren"]),
        ("Leestekens", "waar komma's, puntkomma's en dubbele punten horen", ["leestekens", "interpunctie", "spelling"]),
        ("Argumentatieschema's", "hoe je enkelvoudige, meervoudige en onderschikkende argumentatie herkent", ["argumentatie", "leesvaardigheid"]),
        ("Stijlfiguren", "hoe je metaforen, personificaties en overdrijvingen herkent in een gedicht", ["stijlfiguren", "literatuur", "poëzie"]),
    ]),
    "Engels": ("vo", [
        ("Present simple en present continuous", "wanneer je in het Engels de present simple en wanneer de present continuous gebruikt", ["grammar", "tijden", "present simple"]),
        ("Irregular verbs", "hoe je de onregelmatige werkwoorden in het Engels leert en toepast", ["irregular verbs", "werkwoorden", "grammatica"]),
        ("Past simple en present perfect", "wat het verschil is tussen past simple en present perfect", ["grammar", "tijden", "present perfect"]),
        ("Een formele e-mail schrijven", "hoe je in het Engels een formele e-mail opbouwt met de juiste aanhef en afsluiting", ["writing", "schrijfvaardigheid", "e-mail"]),
        ("Conditionals", "hoe de eerste, tweede en derde conditional worden gevormd", ["conditionals", "grammar", "if-zinnen"]),
        ("Some en any", "wanneer je some en wanneer je any gebruikt", ["grammar", "some/any"]),
    ]),
    "biologie": ("vo", [
        ("Fotosynthese", "hoe planten met licht, water en koolstofdioxide glucose en zuurstof maken", ["fotosynthese", "planten", "bladgroenkorrels"]),
        ("De cel en haar organellen", "welke organellen een cel heeft en wat celkern, mitochondriën en celmembraan doen", ["cel", "organellen", "celbiologie"]),
        ("Erfelijkheid en kruisingsschema's", "hoe je met een kruisingsschema uitrekent welke eigenschappen nakomelingen krijgen", ["erfelijkheid", "genetica", "kruisingsschema"]),
        ("De bloedsomloop", "hoe het bloed door de grote en de kleine bloedsomloop stroomt", ["bloedsomloop", "hart", "mens"]),
        ("Voedselketens en voedselwebben", "hoe producenten, consumenten en reducenten samen een voedselweb vormen", ["ecologie", "voedselketen", "voedselweb"]),
        ("Het spijsverteringsstelsel", "wat er met je eten gebeurt van mond tot darm", ["spijsvertering", "mens", "enzymen"]),
        ("Mitose en meiose", "wat het verschil is tussen mitose en meiose", ["celdeling", "mitose", "meiose"]),
    ]),
    "scheikunde": ("vo", [
        ("Molberekening", "hoe je met de molaire massa van gram naar mol en terug rekent", ["molberekening", "mol", "molaire massa", "rekenen"]),
        ("Reactievergelijkingen kloppend maken", "hoe je een reactievergelijking kloppend maakt met coëfficiënten", ["reactievergelijkingen", "coëfficiënten"]),
        ("Zuren en basen", "hoe je de pH van een oplossing berekent en wat een zuur-basereactie is", ["zuren", "basen", "pH"]),
        ("Het periodiek systeem", "hoe het periodiek systeem is opgebouwd uit groepen en perioden", ["periodiek systeem", "atomen", "elementen"]),
        ("Verbranding", "wat er nodig is voor een verbranding en welke stoffen erbij ontstaan", ["verbranding", "branddriehoek", "reacties"]),
        ("Concentratie berekenen", "hoe je de concentratie van een oplossing in mol per liter berekent", ["concentratie", "molariteit", "oplossingen"]),
    ]),
    "natuurkunde": ("vo", [
        ("Wet van Ohm", "hoe spanning, stroomsterkte en weerstand samenhangen volgens de wet van Ohm", ["elektriciteit", "wet van Ohm", "weerstand"]),
        ("Snelheid en versnelling", "hoe je snelheid en versnelling berekent en aflest uit een (v,t)-diagram", ["beweging", "snelheid", "versnelling"]),
        ("Krachten en de wetten van Newton", "hoe de drie wetten van Newton krachten en beweging verklaren", ["krachten", "Newton", "mechanica"]),
        ("Dichtheid", "hoe je de dichtheid van een voorwerp bepaalt met massa en volume", ["dichtheid", "massa", "volume"]),
        ("Serie- en parallelschakeling", "wat er met stroom en spanning gebeurt in een serie- en parallelschakeling", ["schakelingen", "elektriciteit"]),
        ("Energie en rendement", "hoe je het rendement van een apparaat berekent", ["energie", "rendement", "vermogen"]),
    ]),
    "geschiedenis": ("vo", [
        ("De Gouden Eeuw", "waarom de Republiek in de zeventiende eeuw zo rijk werd door handel en de VOC", ["Gouden Eeuw", "VOC", "Republiek"]),
        ("De Tachtigjarige Oorlog", "hoe de Opstand tegen Spanje begon en tot de Republiek leidde", ["Tachtigjarige Oorlog", "Opstand", "Willem van Oranje"]),
        ("De Industriële Revolutie", "hoe de stoommachine het werk en het leven in de negentiende eeuw veranderde", ["Industriële Revolutie", "stoommachine", "fabrieken"]),
        ("De Tweede Wereldoorlog in Nederland", "hoe de bezetting van 1940 tot 1945 het dagelijks leven veranderde", ["Tweede Wereldoorlog", "bezetting", "verzet"]),
        ("De Koude Oorlog", "hoe de Verenigde Staten en de Sovjet-Unie tegenover elkaar kwamen te staan", ["Koude Oorlog", "IJzeren Gordijn"]),
        ("De tien tijdvakken", "hoe de tien tijdvakken de geschiedenis indelen, van jagers en boeren tot televisie en computer", ["tijdvakken", "chronologie"]),
        ("De Verlichting", "welke ideeën de Verlichting had over rede, vrijheid en de macht van de koning", ["Verlichting", "pruikentijd"]),
    ]),
    "aardrijkskunde": ("vo", [
        ("Klimaatzones", "hoe de klimaatzones van de aarde ontstaan en welk klimaat Nederland heeft", ["klimaat", "klimaatzones", "Köppen"]),
        ("Platentektoniek", "hoe aardplaten bewegen en waardoor aardbevingen en vulkanen ontstaan", ["platentektoniek", "aardbevingen", "vulkanen"]),
        ("Bevolkingspiramides", "hoe je een bevolkingspiramide leest en wat die zegt over vergrijzing en krimp", ["bevolking", "vergrijzing", "krimp"]),
        ("Rivieren en overstromingen", "hoe Nederland zich tegen het water beschermt met dijken en ruimte voor de rivier", ["water", "rivieren", "dijken"]),
        ("Kaartlezen en schaal", "hoe je met de schaal van een kaart afstanden berekent", ["kaartvaardigheden", "schaal", "atlas"]),
        ("Verstedelijking", "waarom steeds meer mensen in steden wonen en welke problemen dat geeft", ["verstedelijking", "steden", "migratie"]),
    ]),
    "economie": ("vo", [
        ("Vraag en aanbod", "hoe vraag en aanbod samen de marktprijs bepalen", ["marktwerking", "vraag en aanbod", "prijs"]),
        ("Inflatie", "wat inflatie is en wat het met je koopkracht doet", ["inflatie", "koopkracht", "geld"]),
        ("Begroting van een huishouden", "hoe je een begroting maakt met vaste en variabele lasten", ["begroting", "budget", "huishouden"]),
        ("Break-evenanalyse", "hoe je uitrekent bij welke afzet een bedrijf winst gaat maken", ["break-evenpunt", "kosten", "omzet"]),
    ]),
    "Duits": ("vo", [
        ("Naamvallen", "hoe de vier naamvallen in het Duits werken en wanneer je der, den, dem of des gebruikt", ["naamvallen", "grammatica", "Grammatik"]),
        ("Sterke werkwoorden", "hoe je de sterke werkwoorden in het Duits vervoegt", ["werkwoorden", "Verben"]),
        ("Woordvolgorde in bijzinnen", "waarom het werkwoord in een Duitse bijzin achteraan staat", ["woordvolgorde", "bijzinnen"]),
    ]),
    "Frans": ("vo", [
        ("Passé composé", "hoe je de passé composé maakt met avoir en être", ["passé composé", "tijden", "grammatica"]),
        ("Lidwoorden en het partitief", "wanneer je le, la, les of du, de la en des gebruikt", ["lidwoorden", "partitief"]),
        ("Getallen in het Frans", "hoe je de Franse getallen boven de zeventig uitspreekt en schrijft", ["getallen", "uitspraak"]),
    ]),
    "rekenen": ("po", [
        ("Breuken op de getallenlijn", "hoe je breuken op een getallenlijn zet en met elkaar vergelijkt", ["breuken", "getallenlijn"]),
        ("De tafels oefenen", "handige trucjes om de tafels van vermenigvuldiging te onthouden", ["tafels", "vermenigvuldigen"]),
        ("Cijferend optellen en aftrekken", "hoe je onder elkaar optelt en aftrekt met onthouden en lenen", ["cijferen", "optellen", "aftrekken"]),
        ("Staartdelingen", "hoe je een staartdeling stap voor stap maakt", ["staartdeling", "delen"]),
        ("Klokkijken", "hoe je de tijd leest op een analoge en een digitale klok", ["klokkijken", "tijd"]),
        ("Procenten in de supermarkt", "hoe je met procenten een korting uitrekent", ["procenten", "korting", "geld"]),
        ("Omtrek en oppervlakte", "wat het verschil is tussen omtrek en oppervlakte van een rechthoek", ["omtrek", "oppervlakte", "meten"]),
    ]),
    "taal": ("po", [
        ("Lange en korte klanken", "wanneer je een klinker dubbel schrijft en wanneer een medeklinker", ["spelling", "klanken"]),
        ("Werkwoorden in de tegenwoordige tijd", "hoe je de persoonsvorm in de tegenwoordige tijd goed spelt", ["werkwoordspelling", "persoonsvorm"]),
        ("Hoofdletters en leestekens", "waar hoofdletters, punten en vraagtekens horen", ["leestekens", "hoofdletters"]),
        ("Een spreekbeurt voorbereiden", "hoe je een spreekbeurt voorbereidt en spiekbriefjes maakt", ["spreekbeurt", "presenteren"]),
        ("Woordsoorten", "hoe je zelfstandige naamwoorden, werkwoorden en bijvoeglijke naamwoorden herkent", ["woordsoorten", "grammatica"]),
    ]),
    "wereldoriëntatie": ("po", [
        ("De provincies van Nederland", "hoe je de twaalf provincies en hun hoofdsteden onthoudt", ["topografie", "provincies"]),
        ("De waterkringloop", "hoe water verdampt, regent en via rivieren terug naar zee stroomt", ["water", "natuur", "kringloop"]),
        ("De Romeinen in Nederland", "hoe de Romeinen langs de Rijn leefden en wat de limes was", ["Romeinen", "limes", "geschiedenis"]),
        ("Het menselijk lichaam", "hoe je skelet en spieren samenwerken als je beweegt", ["lichaam", "skelet", "spieren"]),
        ("Verkeersregels voor fietsers", "welke voorrangsregels je als fietser moet kennen", ["verkeer", "fietsen", "voorrang"]),
    ]),
}

VARIANTS = [
    ("uitleg", "uitgelegd"), ("stap voor stap", "stap voor stap"), ("veelgemaakte fouten", "met veelgemaakte fouten"),
    ("oefenen", "om te oefenen"), ("voorbeeldopgave", "met een voorbeeldopgave"), ("in drie minuten", "kort en krachtig"),
    ("examentraining", "als examentraining"), ("ezelsbruggetjes", "met ezelsbruggetjes"),
]

VO_STREAMS = ["vmbo-b", "vmbo-k", "vmbo-gt", "havo", "vwo"]
VO_MAX_GRADE = {"vmbo-b": 4, "vmbo-k": 4, "vmbo-gt": 4, "havo": 5, "vwo": 6}
PO_STREAMS = ["groep-4", "groep-5", "groep-6", "groep-7", "groep-8"]

OPENINGS = [
    "In deze instructievideo leggen ouderejaars uit {how}.",
    "Ouderejaars laten in deze video zien {how}.",
    "Deze video, gemaakt door leerlingen voor leerlingen, legt uit {how}.",
    "Twee ouderejaars leggen helder uit {how}.",
]
MIDDLES = [
    "Ze beginnen met een eenvoudig voorbeeld en bouwen dat op naar een lastigere opgave.",
    "Ze gebruiken tekeningen op het bord en een voorbeeld uit het dagelijks leven.",
    "Onderweg wijzen ze op de fouten die leerlingen het vaakst maken.",
    "Aan het eind staat een korte oefening om zelf te proberen.",
    "De uitleg sluit aan bij de methode die in de les gebruikt wordt.",
    "Ze vertellen welke vragen jongere leerlingen hierover het vaakst stellen.",
]
CLOSINGS = [
    "De video is gemaakt onder begeleiding van de vakdocent {subject} en de mediaspecialist van de school.",
    "De vakdocent {subject} heeft de uitleg gecontroleerd; de mediaspecialist hielp bij het filmen en monteren.",
    "Gemaakt in het experiment Leerlingen voor Leerlingen, met hulp van de vakdocent {subject}.",
]


def videos(rng):
    rows = []
    combos = []
    for subject, (level, topics) in SUBJECTS.items():
        for topic in topics:
            for variant in VARIANTS:
                combos.append((subject, level, topic, variant))
    rng.shuffle(combos)
    # Every combination once would be 800-odd; a second pass with other
    # schools and streams brings it to the size of the real collection.
    combos = (combos + rng.sample(combos, len(combos)))[:1240]
    for n, (subject, level, (topic, how, keywords), (variant, variant_phrase)) in enumerate(combos, 1):
        if level == "vo":
            stream = rng.choice(VO_STREAMS)
            grade = rng.randint(1, 3)
            maker_grade = rng.randint(grade + 1, VO_MAX_GRADE[stream])
            makers = f"leerlingen uit {stream} leerjaar {maker_grade}"
            school = vo_school(rng)
            audience = f"{stream} leerjaar {grade}"
        else:
            stream = rng.choice(PO_STREAMS)
            grade = None
            makers = "leerlingen uit groep 8"
            school = po_school(rng)
            audience = stream.replace("-", " ")
        year = rng.randint(2011, 2015)
        minutes = rng.randint(2, 9)
        duration = minutes * 60 + rng.randint(0, 59)
        text = " ".join([
            rng.choice(OPENINGS).format(how=how),
            rng.choice(MIDDLES),
            f"Bedoeld voor {audience}.",
            rng.choice(CLOSINGS).format(subject=subject),
        ])
        rows.append({
            "id": f"video-{n:04d}",
            "type": "video",
            "title": f"{topic} ({variant})",
            "subject": subject,
            "level": level,
            "stream": stream,
            "grade": "" if grade is None else str(grade),
            "year": str(year),
            "school": school,
            "place": rng.choice(TOWNS),
            "makers": makers,
            "supervisor": f"vakdocent {subject} en mediaspecialist",
            "duration": str(duration),
            "url": f"https://video.iio.example/v/{n:04d}",
            "licence": "CC BY-SA 4.0",
            "keywords": "; ".join(keywords + [subject.lower()]),
            "text": text,
        })
    return rows


EXPERIMENTS = {
    "SlimFit": ("po", [
        "De school verving de vaste groepen door units van zo'n zestig tot tachtig leerlingen, met een team van leerkrachten, onderwijsassistenten en specialisten.",
        "Leerlingen werken een deel van de dag zelfstandig op een leerplein en krijgen instructie in kleine groepjes die per vak anders zijn samengesteld.",
        "Het team heeft het gebouw aangepast: lokalen werden open leerpleinen met stilteplekken en instructieruimtes.",
    ]),
    "Onderwijsteams": ("vo", [
        "Een docent geeft les aan een grote groep leerlingen, samen met een of twee onderwijsondersteuners die begeleiden en vragen beantwoorden.",
        "Door functiedifferentiatie kon de school met minder bevoegde docenten toch alle lessen blijven geven.",
        "De onderwijsondersteuners namen het toezicht bij zelfstandig werken over, zodat de docent tijd kreeg voor extra instructie.",
    ]),
    "Leerlingen voor Leerlingen": ("vo", [
        "Ouderejaars maakten korte instructiefilmpjes over onderwerpen waar jongere leerlingen vaak op vastlopen.",
        "De filmpjes werden gemaakt onder begeleiding van de vakdocent en de mediaspecialist en gedeeld via Wikiwijs.",
        "Docenten gebruiken de filmpjes in de les en laten leerlingen thuis de uitleg nog eens bekijken.",
    ]),
    "Videolessen": ("vo", [
        "Leerlingen op twee locaties volgen tegelijk dezelfde les: de docent staat op de ene locatie en is op de andere via een videoverbinding te zien.",
        "Zo kon de school een vak met weinig leerlingen en een tekort aan docenten toch blijven aanbieden.",
        "Docenten van verschillende scholen ontwerpen de videolessen samen en delen lesuren.",
    ]),
    "E-klas & PAL-student": ("vo", [
        "In de E-klas werken leerlingen in een elektronische leeromgeving met studiewijzers, toetsen en een chat met docenten en medeleerlingen.",
        "PAL-studenten, studenten van een lerarenopleiding, begeleiden groepjes leerlingen als persoonlijk assistent van de leraar.",
        "De school koppelde de E-klas aan een vak waarvoor moeilijk een bevoegde docent te vinden was.",
    ]),
}
WORKED = [
    "Leerlingen werden zelfstandiger en vroegen elkaar eerder om hulp.",
    "Het team leerde van elkaar doordat lessen samen werden voorbereid.",
    "De werkdruk van docenten daalde merkbaar, vooral rond toetsweken.",
    "Ouders waren na een informatieavond enthousiast over de nieuwe aanpak.",
    "De aanpak paste goed bij de krimp van het aantal leerlingen in de regio, omdat kleine groepen konden samengaan.",
    "Door het lerarentekort was er geen alternatief, en de oplossing bleek ook onderwijskundig sterk.",
    "Leerlingen gaven in een enquête aan dat ze de lessen afwisselender vonden.",
]
DIDNT = [
    "De techniek liet het in het eerste jaar regelmatig afweten.",
    "Niet alle collega's waren van het begin af aan overtuigd, en dat kostte tijd.",
    "Het rooster bleek lastig passend te krijgen met de rest van de school.",
    "Zwakkere leerlingen hadden meer begeleiding nodig dan verwacht.",
    "De financiering na afloop van de subsidie was lange tijd onzeker.",
]
LESSONS = [
    "De school raadt andere scholen aan klein te beginnen en eerst met één team of vak te experimenteren.",
    "Het belangrijkste advies: betrek leerlingen en ouders vanaf het begin bij de vernieuwing.",
    "De projectleider wijst erop dat een heldere structuur ruimte geeft om te vernieuwen.",
    "Het team zou een volgende keer meer tijd nemen voor scholing van de onderwijsondersteuners.",
]


def cases(rng):
    records = []
    names = set()
    n = 0
    # 150 schools, spread over the five experiments as IIO did (SlimFit only in po).
    plan = [("SlimFit", 30), ("Onderwijsteams", 35), ("Leerlingen voor Leerlingen", 30),
            ("Videolessen", 30), ("E-klas & PAL-student", 30)]
    for experiment, count in plan:
        level, did = EXPERIMENTS[experiment]
        for _ in range(count):
            n += 1
            while True:
                school = po_school(rng) if level == "po" else vo_school(rng)
                place = rng.choice(TOWNS)
                if (school, place) not in names:
                    names.add((school, place))
                    break
            start = rng.randint(2010, 2012)
            end = start + rng.randint(2, 3)
            paragraphs = [
                f"{school} in {place} deed van {start} tot {end} mee aan het IIO Experiment {experiment}. "
                + " ".join(rng.sample(did, 2)),
                "Wat werkte: " + " ".join(rng.sample(WORKED, 2)),
                "Wat minder goed ging: " + rng.choice(DIDNT),
                rng.choice(LESSONS),
            ]
            records.append({
                "id": f"case-{n:03d}",
                "type": "case",
                "title": f"{experiment} op {school} in {place}",
                "school": school,
                "place": place,
                "level": level,
                "experiment": experiment,
                "year": start,
                "year_end": end,
                "text": "\n\n".join(paragraphs),
            })
    return records


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    os.makedirs(os.path.join(out, "videos"), exist_ok=True)
    os.makedirs(os.path.join(out, "cases"), exist_ok=True)
    rows = videos(rng)
    with open(os.path.join(out, "videos", "videos-sample.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(out, "cases", "cases-sample.jsonl"), "w", encoding="utf-8") as f:
        for r in cases(rng):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
