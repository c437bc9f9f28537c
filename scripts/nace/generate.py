#!/usr/bin/env python3
"""Regenerates src/domain/nace_rev2.tsv, the NACE Rev. 2 classification in French, German and
English, from Eurostat's own files.

The files are Eurostat's RAMON exports of NACE Rev. 2 (NACE_REV2_en.csv, _fr.csv, _de.csv),
as redistributed unchanged by the OCA module l10n_eu_nace on PyPI; PyPI is what these machines
can reach. The wheel is pinned by version and SHA-256, so the output never changes silently.

Usage: python3 scripts/nace/generate.py   (writes src/domain/nace_rev2.tsv)
"""
import csv
import hashlib
import io
import pathlib
import subprocess
import sys
import tempfile
import zipfile

WHEEL = "odoo14_addon_l10n_eu_nace-14.0.1.0.2.dev5-py3-none-any.whl"
REQUIREMENT = "odoo14-addon-l10n-eu-nace==14.0.1.0.2.dev5"
SHA256 = "4667ba255b9c843ef2952eeacec2985682c915b6601298a945cf2072e1e75569"
INSIDE = "odoo/addons/l10n_eu_nace/examples/NACE_REV2_{}.csv"
LANGUAGES = ["fr", "de", "en"]
OUT = pathlib.Path(__file__).resolve().parents[2] / "src/domain/nace_rev2.tsv"


def fetch() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--pre",
             "--dest", tmp, REQUIREMENT],
            check=True,
        )
        data = (pathlib.Path(tmp) / WHEEL).read_bytes()
    if hashlib.sha256(data).hexdigest() != SHA256:
        sys.exit(f"{WHEEL}: unexpected SHA-256, refusing to use it")
    return data


def read(wheel: zipfile.ZipFile, language: str) -> dict:
    """code -> (level, label) from one RAMON export (columns: Level, Code, Description, …)."""
    text = wheel.read(INSIDE.format(language)).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return {row[1]: (int(row[0]), " ".join(row[2].split())) for row in rows[1:]}


def main() -> None:
    wheel = zipfile.ZipFile(io.BytesIO(fetch()))
    labels = {language: read(wheel, language) for language in LANGUAGES}
    codes = list(labels["en"])
    if any(list(labels[language]) != codes for language in LANGUAGES):
        sys.exit("the three languages do not list the same codes in the same order")
    parents, lines = {}, []
    for code in codes:
        level = labels["en"][code][0]
        parents[level] = code
        parent = parents[level - 1] if level > 1 else ""
        names = [labels[language][code][1] for language in LANGUAGES]
        lines.append("\t".join([code, str(level), parent, *names]))
    header = "code\tlevel\tparent\t" + "\t".join(LANGUAGES)
    OUT.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} activities")


if __name__ == "__main__":
    main()
