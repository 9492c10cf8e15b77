#!/usr/bin/env python3
"""fnlen.py - the length of every function in the project's C and C++ files.

Usage: fnlen.py [--max N] [--main-max N] FILE...

Prints "LINES FILE:LINE NAME" for every function longer than its limit
(--max, 120 by default; a program's `main` may have --main-max, 150) and
exits 1 when there is one, 0 otherwise. With --list it prints every
function and exits 0.

A function is counted as ctags counts it: from the first line of its
signature to its closing brace. The house style makes that easy to find
without a C parser: a function body opens with a `{` alone at the start of a
line (column 0, or one tab inside C++'s `extern "C" {` / namespace blocks,
which the shim indents by nothing) and closes with the first `}` at the same
indentation; the signature starts at the nearest line above the `{` that
begins at that indentation (continuation lines of a signature are indented
further). Braces inside strings, characters and comments are ignored.
"""
import re
import sys

IDENT = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)\s*\(')


def strip_code(lines):
    """The lines with comments, strings and character literals blanked,
    so braces inside them are not counted."""
    out = []
    in_comment = False
    for line in lines:
        res = []
        i = 0
        n = len(line)
        while i < n:
            if in_comment:
                j = line.find('*/', i)
                if j < 0:
                    i = n
                else:
                    in_comment = False
                    i = j + 2
                continue
            c = line[i]
            if line.startswith('/*', i):
                in_comment = True
                i += 2
            elif line.startswith('//', i):
                break
            elif c in '"\'':
                q = c
                i += 1
                while i < n and line[i] != q:
                    i += 2 if line[i] == '\\' else 1
                i += 1
                res.append(q + q)
            else:
                res.append(c)
                i += 1
        out.append(''.join(res))
    return out


def functions(path):
    """(name, first line, last line) of each function of a file."""
    with open(path, encoding='utf-8', errors='replace') as f:
        raw = f.read().split('\n')
    code = strip_code(raw)
    found = []
    i = 0
    while i < len(code):
        line = code[i].rstrip()
        if line != '{':
            i += 1
            continue
        # The signature: the nearest line above starting at column 0.
        start = i - 1
        while start >= 0 and (code[start][:1] in (' ', '\t') or code[start].strip() == ''):
            if code[start].strip() == '':
                break
            start -= 1
        if start < 0 or code[start].strip() == '' or code[start].startswith('#'):
            i += 1
            continue
        header = ' '.join(c.strip() for c in code[start:i])
        m = None
        for m in IDENT.finditer(header):
            if m.group(1) not in ('__attribute__', 'sizeof'):
                break
        if m is None or '=' in header.split('(')[0]:
            i += 1
            continue
        depth = 0
        end = i
        for j in range(i, len(code)):
            depth += code[j].count('{') - code[j].count('}')
            if depth == 0:
                end = j
                break
        found.append((m.group(1), start + 1, end + 1))
        i = end + 1
    return found


def main(argv):
    limit, main_limit, listing, files = 120, 150, False, []
    args = iter(argv)
    for a in args:
        if a == '--max':
            limit = int(next(args))
        elif a == '--main-max':
            main_limit = int(next(args))
        elif a == '--list':
            listing = True
        else:
            files.append(a)
    over = 0
    for path in files:
        for name, first, last in functions(path):
            length = last - first + 1
            allowed = main_limit if name == 'main' else limit
            if listing:
                print(f'{length} {path}:{first} {name}')
            elif length > allowed:
                print(f'{length} {path}:{first} {name} (limit {allowed})')
                over += 1
    return 1 if over and not listing else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
