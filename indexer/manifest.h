/* manifest.h - what a published generation holds, to tell damage from data.
 *
 * Xapian's glass tables carry no checksums: a garbled or truncated table
 * can make a search read past its data or crash inside libxapian, and a
 * missing table (positions, synonyms) silently changes answers. So when
 * iio-index publishes a generation it writes GEN/MANIFEST: every file of
 * the generation (the tables, the lexicon copy, the shards) with its size
 * and CRC-32. Sizes are cheap to check (one stat per file, done at every
 * open); checksums read everything (iio-index --verify, and iio-serve once
 * per generation before it serves it). A generation is immutable once
 * published, so the manifest stays true until the disk changes it; a file
 * modified after the manifest was written has been changed in place, and
 * the cheap check reads that file's checksum too.
 *
 * Format: a first line "iio-manifest 2", then per file "SIZE CRC32 PATH"
 * (decimal size, eight hex digits, the path relative to the generation),
 * in name order, and a last line "end N CRC32": the number of files and
 * the CRC-32 of the lines between (a manifest cut short at a line's end
 * lacks it).
 */
#ifndef IIO_MANIFEST_H
#define IIO_MANIFEST_H

#include <stddef.h>

#define IIO_MANIFEST_NAME "MANIFEST"

/* Write GEN/MANIFEST for every regular file under GEN (fsynced, through a
 * temporary name). 0, or -1 with a message in ERR. */
int iio_manifest_write(const char *gen, char *err, size_t errcap);

/* Check the files under GEN against GEN/MANIFEST: their presence and sizes,
 * and their checksums too when CHECKSUMS (without, still the checksum of a
 * file modified after the manifest). Returns 0 when they match, 1 when
 * GEN has no manifest (a database iio-index did not publish), -1 when
 * something differs or cannot be read, with the first difference in ERR
 * ("postlist.glass is 1200 bytes, the manifest says 4096"). NFILES, when
 * not NULL, gets the number of files checked. */
int iio_manifest_check(const char *gen, int checksums, size_t *nfiles, char *err, size_t errcap);

#endif
