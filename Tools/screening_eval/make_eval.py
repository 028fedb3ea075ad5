#!/usr/bin/env python3
"""A second screening evaluation set, made independently of shared/bench/screening/generate.py.

Other name lists: PyPI Faker's locales, names in their own scripts (Ukrainian, Russian, Bulgarian Cyrillic;
Greek; Arabic and Persian; Hebrew; Armenian; Georgian) and Latin-script locales (Spanish double surnames,
Turkish, Azerbaijani, Romanian, Polish, German, French, Portuguese). Other romanisations: the PyPI
`transliterate` package (its own letter-by-letter systems, e.g. Greek ου -> OY, Russian й -> J) and
`Unidecode`, plus this script's own rules for how Polish, German, French, Romanian and Turkish documents
spell a Cyrillic name. Its own variation model (see VARIATIONS) including partial and uncertain birth dates,
transposed and OCR-confusable digits, Arabic name chains, one of two Spanish surnames, Russian forms of
Ukrainian given names, and a nationality recorded differently.

Writes alerts.jsonl, queries.jsonl and truth.jsonl in the shared benchmark's format, so that
`kordon bench screening --data DIR` (or score.py) grades it. Output is deterministic for the arguments.

    pip install Faker transliterate Unidecode
    python3 Tools/screening_eval/make_eval.py --alerts 200000 --queries 10000 --seed 3 --out /tmp/eval
"""
import argparse
import json
import os
import random
import re
import unicodedata

from faker import Faker
from transliterate import translit
from unidecode import unidecode

# locale, nationality, script, weight, transliterate language (None: Unidecode)
LOCALES = [
    ("uk_UA", "UKR", "cyrillic", 14, "uk"), ("ru_RU", "RUS", "cyrillic", 9, "ru"), ("bg_BG", "BGR", "cyrillic", 3, "bg"),
    ("el_GR", "GRC", "greek", 5, "el"), ("ar_SA", "SAU", "arabic", 5, None), ("ar_AA", "SYR", "arabic", 5, None),
    ("fa_IR", "IRN", "arabic", 3, None), ("he_IL", "ISR", "hebrew", 3, None), ("hy_AM", "ARM", "armenian", 3, "hy"),
    ("ka_GE", "GEO", "georgian", 3, "ka"), ("es_ES", "ESP", "latin", 5, None), ("es_MX", "MEX", "latin", 3, None),
    ("tr_TR", "TUR", "latin", 5, None), ("az_AZ", "AZE", "latin", 3, None), ("ro_RO", "ROU", "latin", 4, None),
    ("pl_PL", "POL", "latin", 5, None), ("de_DE", "D", "latin", 5, None), ("fr_FR", "FRA", "latin", 4, None),
    ("pt_BR", "BRA", "latin", 3, None),
]
OTHER_NATIONALITY = {"UKR": "RUS", "RUS": "UKR", "SYR": "TUR", "SAU": "JOR", "IRN": "AFG", "ISR": "USA",
                     "ARM": "RUS", "GEO": "RUS", "GRC": "CYP", "ESP": "ARG", "MEX": "USA", "TUR": "D", "AZE": "RUS",
                     "ROU": "MDA", "POL": "D", "D": "TUR", "FRA": "DZA", "BRA": "PRT", "BGR": "MKD"}

# Russian forms of Ukrainian given names, as Soviet-era records and some agencies write them.
RUSSIAN_FORMS = {"Олександр": "Александр", "Олексій": "Алексей", "Сергій": "Сергей", "Андрій": "Андрей",
                 "Дмитро": "Дмитрий", "Володимир": "Владимир", "Микола": "Николай", "Юрій": "Юрий",
                 "Віктор": "Виктор", "Василь": "Василий", "Михайло": "Михаил", "Петро": "Петр", "Павло": "Павел",
                 "Григорій": "Григорий", "Євген": "Евгений", "Ігор": "Игорь", "Олена": "Елена", "Ольга": "Ольга",
                 "Наталія": "Наталья", "Тетяна": "Татьяна", "Ірина": "Ирина", "Світлана": "Светлана",
                 "Катерина": "Екатерина", "Марія": "Мария", "Ганна": "Анна", "Надія": "Надежда"}

# How documents of other countries spell Cyrillic letters (this script's own tables, diacritics dropped).
_FOREIGN = {
    "POL": {"ш": "sz", "ч": "cz", "щ": "szcz", "ж": "z", "х": "ch", "ц": "c", "в": "w", "й": "j", "я": "ja",
            "ю": "ju", "є": "je", "ї": "ji", "и": "y", "і": "i", "ь": "", "ъ": "", "г": "h", "ґ": "g", "ы": "y",
            "е": "e", "ё": "io"},
    "D": {"ш": "sch", "ч": "tsch", "щ": "schtsch", "ж": "sch", "х": "ch", "ц": "z", "в": "w", "з": "s", "й": "j",
          "я": "ja", "ю": "ju", "є": "je", "ї": "ji", "и": "y", "і": "i", "ь": "", "ъ": "", "г": "h", "ґ": "g",
          "ы": "y", "е": "e", "ё": "jo"},
    "FRA": {"ш": "ch", "ч": "tch", "щ": "chtch", "ж": "j", "х": "kh", "ц": "ts", "у": "ou", "й": "i", "я": "ia",
            "ю": "iou", "є": "ie", "ї": "i", "и": "y", "і": "i", "ь": "", "ъ": "", "г": "h", "ґ": "g", "ы": "y",
            "е": "e", "ё": "io"},
    "ROU": {"ш": "s", "ч": "ci", "щ": "sci", "ж": "j", "х": "h", "ц": "t", "й": "i", "я": "ia", "ю": "iu",
            "є": "ie", "ї": "i", "и": "i", "і": "i", "ь": "", "ъ": "", "г": "g", "ґ": "g", "ы": "i", "е": "e",
            "ё": "io", "к": "c"},
    "TUR": {"ш": "s", "ч": "c", "щ": "sc", "ж": "j", "х": "h", "ц": "ts", "й": "y", "я": "ya", "ю": "yu",
            "є": "ye", "ї": "yi", "и": "i", "і": "i", "ь": "", "ъ": "", "г": "g", "ґ": "g", "ы": "i", "е": "e",
            "ё": "yo"},
}
_BASIC = dict(zip("абвгдезиклмнопрстуф", "abvgdeziklmnoprstuf"))


def foreign_spelling(text, country):
    table = _FOREIGN[country]
    out = []
    for ch in text:
        low = ch.lower()
        rep = table.get(low, _BASIC.get(low, low if low.isascii() else ""))
        out.append(rep)
    return "".join(out)


def mrz(text):
    """Upper-case A-Z and single spaces, as an MRZ reader gives the name."""
    # ICAO 9303 Part 3 §6 letters Unidecode renders otherwise (Azerbaijani schwa as "@").
    text = text.translate(str.maketrans({"ə": "a", "Ə": "A", "ı": "i", "İ": "I"}))
    text = unidecode(text).upper()
    text = re.sub(r"['`]", "", text)
    text = re.sub(r"[^A-Z]+", " ", text)
    return " ".join(text.split())


def romanise(text, lang, rng):
    """A passport's Latin form of a native-script name under one of the package systems."""
    if lang and rng.random() < 0.7:
        try:
            return mrz(translit(text, lang, reversed=True))
        except Exception:
            pass
    return mrz(text)


def person(fake, loc, script, rng):
    sex = rng.choice("MF")
    male = sex == "M"
    first = getattr(fake, "first_name_male" if male else "first_name_female", fake.first_name)
    last = getattr(fake, "last_name_male" if male else "last_name_female", fake.last_name)
    given = [first()]
    if rng.random() < 0.3:
        given.append(first())
    surname = last()
    patronymic = None
    if loc in ("es_ES", "es_MX") and rng.random() < 0.8:
        surname = surname + " " + fake.last_name()
    if script == "arabic" and loc != "fa_IR" and rng.random() < 0.6:
        link = "بن" if male else "بنت"
        chain = [fake.first_name_male()]
        if rng.random() < 0.5:
            chain.append(fake.first_name_male())
        given = given + [w for c in chain for w in (link, c)]
    if loc in ("uk_UA", "ru_RU") and rng.random() < 0.5 and hasattr(fake, "middle_name_male"):
        patronymic = fake.middle_name_male() if male else fake.middle_name_female()
    return {"surname": surname, "given": given, "patronymic": patronymic, "sex": sex}


def random_date(rng):
    return (rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28))


def date_text(d):
    return "%04d-%02d-%02d" % d


def alert_date(d, rng):
    r = rng.random()
    if r < 0.80:
        return date_text(d)
    if r < 0.88:
        return "%04d" % d[0]
    if r < 0.93:
        return "%04d-%02d" % d[:2]
    if r < 0.96:
        return "%04d-%02d-00" % d[:2]
    if r < 0.98:
        return "%04d-XX-XX" % d[0]
    return None


def date_slip(d, rng):
    """A traveller's date as the document or the notice may differ from the truth; (date, tag)."""
    y, m, day = d
    r = rng.random()
    if r < 0.72:
        return d, None
    if r < 0.80 and day <= 12 and day != m:
        return (y, day, m), "dob_swap"
    if r < 0.87:
        s = list("%04d%02d%02d" % d)
        for _ in range(10):
            i = rng.randrange(2, 8)
            digit = int(s[i]) + rng.choice((-1, 1))
            if 0 <= digit <= 9:
                t = s[:]
                t[i] = str(digit)
                cand = (int("".join(t[:4])), int("".join(t[4:6])), int("".join(t[6:])))
                if 1 <= cand[1] <= 12 and 1 <= cand[2] <= 28:
                    return cand, "dob_digit"
        return d, None
    if r < 0.93:
        for a, b in ((2, 3), (6, 7), (4, 5)):
            s = "%04d%02d%02d" % d
            if s[a] != s[b]:
                t = s[:a] + s[b] + s[a] + s[b + 1:]
                cand = (int(t[:4]), int(t[4:6]), int(t[6:]))
                if 1 <= cand[1] <= 12 and 1 <= cand[2] <= 28 and 1930 <= cand[0] <= 2010:
                    return cand, "dob_transposed"
        return d, None
    ocr = {"0": "8", "8": "0", "1": "7", "7": "1", "3": "8", "6": "8", "5": "6"}
    s = "%04d%02d%02d" % d
    for i in rng.sample(range(2, 8), 6):
        if s[i] in ocr:
            t = s[:i] + ocr[s[i]] + s[i + 1:]
            cand = (int(t[:4]), int(t[4:6]), int(t[6:]))
            if 1 <= cand[1] <= 12 and 1 <= cand[2] <= 28:
                return cand, "dob_ocr"
    return d, None


def typo(word, rng):
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("sub", "del", "ins", "swap"))
    letters = "ABCDEFGHIJKLMNOPRSTUVYZ"
    if kind == "sub":
        return word[:i] + rng.choice(letters) + word[i + 1:]
    if kind == "del":
        return word[:i] + word[i + 1:]
    if kind == "ins":
        return word[:i] + rng.choice(letters) + word[i:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def passport(p, loc, script, lang, rng, tags):
    """The traveller's MRZ name (surname, given names) with this set's variations."""
    given = list(p["given"])
    surname = p["surname"]
    if loc == "uk_UA" and rng.random() < 0.15 and given[0] in RUSSIAN_FORMS:
        given[0] = RUSSIAN_FORMS[given[0]]
        tags.append("russian_form")
    if script == "cyrillic" and rng.random() < 0.2:
        country = rng.choice(sorted(_FOREIGN))
        s, g = mrz(foreign_spelling(surname, country)), [mrz(foreign_spelling(w, country)) for w in given]
        tags.append("spelt_" + country)
    elif script == "latin":
        s, g = mrz(surname), [mrz(w) for w in given]
    else:
        s, g = romanise(surname, lang, rng), [romanise(w, lang, rng) for w in given]
        tags.append("romanised")
    if script == "arabic" and len(g) > 2 and rng.random() < 0.6:
        # A document shows some of the father's and grandfather's names, without bin/bint.
        keep = [w for w in g if w not in ("BN", "BNT")]
        g = keep[: rng.randint(1, max(1, len(keep) - 1))]
        tags.append("chain_part")
    if loc in ("es_ES", "es_MX") and " " in s and rng.random() < 0.3:
        s = s.split()[0]
        tags.append("one_surname")
    if len(g) > 1 and rng.random() < 0.2:
        g = g[:1]
        tags.append("given_partial")
    if rng.random() < 0.2:
        words = s.split()
        j = rng.randrange(len(words))
        words[j] = typo(words[j], rng)
        s = " ".join(words)
        tags.append("typo")
    if rng.random() < 0.15:
        s, g = " ".join(g), s.split()
        tags.append("name_swap")
    given_text = " ".join(g)
    if len(s) + len(given_text) + 2 > 39:
        given_text = given_text[: max(0, 39 - len(s) - 2)].strip()
        tags.append("mrz_truncation")
    return s, given_text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--alerts", type=int, default=200000)
    ap.add_argument("--queries", type=int, default=10000)
    ap.add_argument("--match-rate", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    fakers = {}
    for loc, *_ in LOCALES:
        fakers[loc] = Faker(loc)
        fakers[loc].seed_instance(args.seed)
    weights = [w for (_, _, _, w, _) in LOCALES]
    os.makedirs(args.out, exist_ok=True)
    people = []
    with open(os.path.join(args.out, "alerts.jsonl"), "w", encoding="utf-8") as out:
        for n in range(args.alerts):
            loc, nat, script, _, lang = rng.choices(LOCALES, weights)[0]
            p = person(fakers[loc], loc, script, rng)
            dob = random_date(rng)
            record = {"id": "E%07d" % n, "category": rng.choice(("entry_ban", "wanted", "missing"))}
            native = script != "latin" and rng.random() < 0.75
            if native or script == "latin":
                record["surname"], record["givenNames"] = p["surname"], " ".join(p["given"])
            else:  # stored in Latin by the agency, its own system
                record["surname"] = unidecode(p["surname"])
                record["givenNames"] = " ".join(unidecode(w) for w in p["given"])
            if p["patronymic"]:
                record["patronymic"] = p["patronymic"]
            text = alert_date(dob, rng)
            if text:
                record["birthDate"] = text
            record["nationality"] = nat if rng.random() > 0.05 else "XXX"
            record["sex"] = p["sex"]
            people.append((loc, nat, script, lang, p, dob, record.get("birthDate")))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    by_identity = {}
    for i, (loc, nat, script, lang, p, dob, _) in enumerate(people):
        by_identity.setdefault((p["surname"], p["given"][0]), []).append(i)

    def near(a, b):
        """Dates a screener could take for one person's (same year, one slip): namesakes must avoid them."""
        if abs(a[0] - b[0]) <= 1:
            return True
        sa, sb = "%04d" % a[0], "%04d" % b[0]
        return sa[:2] == sb[:2] and sa[2:] == sb[3] + sb[2]

    def near_listed(j, d):
        """A listed person a traveller born on `d` cannot be told from by birth date: a date near the true
        one, or a notice without a birth date (nothing on it tells a namesake from the person)."""
        return people[j][6] is None or near(people[j][5], d)

    with open(os.path.join(args.out, "queries.jsonl"), "w", encoding="utf-8") as qout, \
            open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as tout:
        for n in range(args.queries):
            qid = "R%07d" % n
            r = rng.random()
            tags = []
            if r < args.match_rate:
                i = rng.randrange(len(people))
                loc, nat, script, lang, p, dob, _ = people[i]
                others = [j for j in by_identity[(p["surname"], p["given"][0])] if j != i]
                if any(near_listed(j, dob) for j in others):
                    continue  # ambiguous identity (a namesake born near, or listed without a date): skip
                s, g = passport(p, loc, script, lang, rng, tags)
                d, tag = date_slip(dob, rng)
                if tag:
                    tags.append(tag)
                qnat = nat
                if rng.random() < 0.06:
                    qnat = OTHER_NATIONALITY.get(nat, "XXX")
                    tags.append("nationality_other")
                query = {"id": qid, "surname": s, "givenNames": g, "birthDate": date_text(d), "nationality": qnat,
                         "sex": p["sex"]}
                tout.write(json.dumps({"query": qid, "alert": "E%07d" % i, "variation": "+".join(tags) or "exact"})
                           + "\n")
            elif r < args.match_rate + 0.35:
                i = rng.randrange(len(people))
                loc, nat, script, lang, p, dob, _ = people[i]
                s, g = passport(p, loc, script, lang, rng, [])
                namesakes = by_identity[(p["surname"], p["given"][0])]
                if any(people[j][6] is None for j in namesakes):
                    continue  # a notice without a birth date: no traveller of this name is a clean negative
                while True:
                    d = (dob[0] + rng.choice((-1, 1)) * rng.randint(3, 25), rng.randint(1, 12), rng.randint(1, 28))
                    if not any(near_listed(j, d) for j in namesakes):
                        break
                query = {"id": qid, "surname": s, "givenNames": g, "birthDate": date_text(d), "nationality": nat,
                         "sex": p["sex"]}
            else:
                loc, nat, script, _, lang = rng.choices(LOCALES, weights)[0]
                p = person(fakers[loc], loc, script, rng)
                if rng.random() < 0.25:  # same birth date, nationality and sex as a listed person
                    other = people[rng.randrange(len(people))]
                    loc, nat, script, lang, _, dob, _ = other
                    p = person(fakers[loc], loc, script, rng)
                    p["sex"] = other[4]["sex"]
                else:
                    dob = random_date(rng)
                if any(near_listed(j, dob) for j in by_identity.get((p["surname"], p["given"][0]), [])):
                    continue  # by chance a listed person's namesake born near the same date: not a clean negative
                s, g = passport(p, loc, script, lang, rng, [])
                query = {"id": qid, "surname": s, "givenNames": g, "birthDate": date_text(dob), "nationality": nat,
                         "sex": p["sex"]}
            qout.write(json.dumps(query, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
