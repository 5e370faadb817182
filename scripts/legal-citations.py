#!/usr/bin/env python3
"""List every article the course cites, with the module, line and item that cites it.

docs/legal-basis.md maps each legal claim of the course to its article and the statute's
own words; its table of places is this script's output. Run it after editing a module and
update the table, so that a reviewer can go from any article to every sentence that relies
on it. Only the Indonesian text is read: every English sentence mirrors one, with the same
citation. Usage: python3 scripts/legal-citations.py [content-folder]
"""

import glob
import os
import re
import sys

# A citation is a parenthesis that ends in "UU PDP)" or "GDPR)"; it may hold "ayat (1)".
CITATION = re.compile(r"\((?:[^()]|\([^()]*\))*?(?:UU PDP|GDPR)\)")
ITEM_ID = re.compile(r'\s+id: "([^"]+)",')


def citations(folder):
    found = {}
    for path in sorted(glob.glob(os.path.join(folder, "[0-9]*.ron"))):
        module = os.path.basename(path)[:2]
        item = None
        with open(path, encoding="utf-8") as file:
            for number, line in enumerate(file, 1):
                match = ITEM_ID.match(line)
                if match:
                    item = match.group(1)
                if '"id": "' not in line:
                    continue
                indonesian = line.split('"id": "', 1)[1].split('", "en": "')[0]
                for citation in CITATION.findall(indonesian):
                    found.setdefault(citation[1:-1], []).append(f"{module}:{number} `{item}`")
    return found


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "content"
    print("| Citation | Module:line `item` |")
    print("|---|---|")
    for citation, places in citations(folder).items():
        print(f"| {citation} | {', '.join(places)} |")


if __name__ == "__main__":
    main()
