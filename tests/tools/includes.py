#!/usr/bin/env python3
"""includes.py - hold every `#include "..."` of the tree to ARCHITECTURE.md.

Usage: includes.py TOP

ARCHITECTURE.md carries a fenced block tagged `includes`; each line names a
module, its files (paths or shell globs relative to TOP) and what else its
files may include:

    module: FILE... -> ALLOWED...

ALLOWED names other modules (their files) or single headers; `*` allows
anything (the tests and benchmarks reach inside on purpose). A file may
include the files of its own module and what its module allows; a file of
the tree that no module claims is an error too, so a new file has to be
placed. System headers (`#include <...>`) are not checked.

Prints one line per broken rule, "FILE:LINE includes HEADER (module M may
include ...)", and exits 1 when there is one.
"""
import fnmatch
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def read_rules(top):
    text = open(os.path.join(top, 'ARCHITECTURE.md'), encoding='utf-8').read()
    m = re.search(r'```includes\n(.*?)```', text, re.S)
    if not m:
        raise SystemExit('ARCHITECTURE.md has no ```includes block')
    modules = []
    for line in m.group(1).splitlines():
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        name, rest = line.split(':', 1)
        files, _, allowed = rest.partition('->')
        modules.append((name.strip(), files.split(), allowed.split()))
    return modules


def tracked(top):
    out = subprocess.run(['git', '-C', top, 'ls-files', '*.c', '*.cc', '*.h'],
                         capture_output=True, text=True, check=True).stdout
    return [f for f in out.split() if os.path.exists(os.path.join(top, f))]


def resolve(path, name, files):
    """The tracked file an include names: beside the including file, else
    the one file of that name elsewhere (found through -I)."""
    target = os.path.normpath(os.path.join(os.path.dirname(path), name))
    if target in files:
        return target
    found = [f for f in files if f == name or f.endswith('/' + name)]
    return found[0] if len(found) == 1 else target


def main(argv):
    top = argv[0] if argv else '.'
    modules = read_rules(top)
    files = tracked(top)
    owner = {}
    for f in files:
        for name, globs, _ in modules:
            if any(fnmatch.fnmatch(f, g) for g in globs):
                owner[f] = name
                break
    members = {name: {f for f in files if owner.get(f) == name} for name, _, _ in modules}
    allowed = {}
    rules = {name: allow for name, _, allow in modules}
    for name, _, allow in modules:
        ok = set(members[name])
        for a in allow:
            ok |= members.get(a, {a})
        allowed[name] = ok
    bad = 0
    for f in files:
        if f not in owner:
            print(f'{f}: no module of ARCHITECTURE.md claims this file')
            bad += 1
            continue
        with open(os.path.join(top, f), encoding='utf-8', errors='replace') as fh:
            for n, line in enumerate(fh, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = resolve(f, m.group(1), files)
                if '*' not in rules[owner[f]] and target not in allowed[owner[f]]:
                    print(f'{f}:{n} includes {target} (module {owner[f]} may include its own '
                          f'files and: {" ".join(rules[owner[f]]) or "nothing else"})')
                    bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
