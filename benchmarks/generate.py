"""Synthetic dataset repository at a chosen scale, for benchmarks.

    python benchmarks/generate.py OUT_DIR --figures 100000 [--seed 0]

writes OUT_DIR/raw/*.txt (generated Arabic-like documents) and OUT_DIR/seeds/*.csv that pass every rule in
validation/rules.py: sha256 pinned, quotes equal to document[quote_start:quote_end] (offsets computed here while
the documents are assembled), value_text in the quote and equal to value, qualifier marker words in the quote
(and none before the number of an `exact` figure), shares of a parent that add up to at most 100%, subsets
within their parent, several claimants per incident, findings only by investigative bodies, attributions with
a party, no "occurred" about an alleged plan, date precisions that match the dates' forms.

Shape: exactly `figures` figures over `figures // 10` incidents (ten figures per incident, spread over two to four
reports by different claimants; a few of a report's figures are campaign-wide context figures with no incident),
campaign-wide totals only from a fixed set of TOTAL_PUBLISHERS organizations, each stating at most one total per
scope and end year, and cited annual reports only from them, one per publisher and year (see TOTAL_PUBLISHERS),
about three assertions per incident, eight reports per source (≈ 25 figures and a 3-4k character document each),
one cited publication (no archived text; its figures in raw/reference/primary_publications.csv, each relayed by
figures of the archived documents: relay_links) per 50 documents, organizations ≈ incidents / 50. Seed columns
follow validation/schemas.py (a column added there is written empty, or with DEFAULTS). Deterministic for a seed.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
from pathlib import Path

# --- words ---------------------------------------------------------------------------------------------------
# Filler: no digits and no qualifier marker word (ما لا يقل عن, أكثر, نحو, حتى, دون, ...), so an `exact`
# figure's words before its number never read as a qualifier.
FILLER = ("قالت", "وأضافت", "الشبكة", "في", "تقرير", "صادر", "يوم", "الأحد", "الاثنين", "إن", "القوات", "استخدمت",
          "غاز", "ضد", "المدنيين", "بلدة", "مدينة", "ريف", "محافظة", "الهجوم", "أسفر", "عن", "سقوط", "ضحايا", "وفق",
          "مصادر", "محلية", "طبية", "المنظمة", "اللجنة", "التحقيق", "الدولية", "الأمم", "المتحدة", "مجلس", "الأمن",
          "السوري", "المعارضة", "فصائل", "مسلحة", "الدفاع", "المدني", "المستشفى", "الميداني", "حالات", "اختناق",
          "أعراض", "تسمم", "الذخائر", "البراميل", "المتفجرة", "الصواريخ", "طائرات", "مروحية", "بيان", "مراسل",
          "ناشطون", "شهود", "عيان", "الأهالي", "المنطقة", "الشمالية", "الجنوبية", "وذكر", "وأكد", "المصدر", "نفسه",
          "الكيميائي", "السلاح", "الحكومة", "الهيئة", "المرصد", "الأطباء", "الإسعاف", "مراكز", "الرائحة", "الكريهة")
DIACRITIC_FORMS = ("ً", "ُ", "َ", "ّ")  # tanween, damma, fatha, shadda: only in filler, to exercise folding
LEADS = ("وثقت الشبكة مقتل", "أفاد المصدر بمقتل", "سجلت اللجنة مقتل", "قالت المنظمة إن الهجوم أسفر عن مقتل",
         "ذكر التقرير مقتل", "أحصى الدفاع المدني مقتل")
MARKERS = {
    "at_least": ("ما لا يقل عن", "لا يقل عن"),
    "more_than": ("أكثر من", "ما يزيد عن", "ما يزيد على"),
    "approximately": ("نحو", "قرابة", "ما يقارب", "حوالي"),
    "at_most": ("لا يزيد عن", "ما لا يزيد عن"),
    "less_than": ("أقل من",),
}
PLACES = [("دوما", "Douma", "Rif Dimashq"), ("خان شيخون", "Khan Shaykhun", "Idlib"), ("تلمنس", "Talmenes", "Idlib"),
          ("سراقب", "Saraqib", "Idlib"), ("اللطامنة", "Al-Lataminah", "Hama"), ("كفرزيتا", "Kafr Zita", "Hama"),
          ("زملكا", "Zamalka", "Rif Dimashq"), ("عين ترما", "Ein Tarma", "Rif Dimashq"), ("حلب", "Aleppo", "Aleppo"),
          ("مارع", "Marea", "Aleppo"), ("سرمين", "Sarmin", "Idlib"), ("التمانعة", "Al-Tamanah", "Idlib"),
          ("جوبر", "Jobar", "Damascus"), ("المعضمية", "Moadamiyah", "Rif Dimashq"), ("حرستا", "Harasta", "Rif Dimashq")]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WORD_NUMBERS = (("ثلاث", 3), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("تسع", 9), ("عشر", 10),
                ("عشرين", 20), ("ثلاثين", 30))
VAGUE = (("عشرات", 30, 99), ("مئات", 300, 999), ("آلاف", 3000, 9999))
CLAIM_BY_TYPE = {"intergovernmental_investigation": "finding", "intergovernmental_body": "finding",
                 "documentation_ngo": "count", "research_institute": "estimate", "humanitarian_ngo": "count"}
ORG_TYPES = (("documentation_ngo", 25), ("humanitarian_ngo", 10), ("intergovernmental_investigation", 5),
             ("intergovernmental_body", 4), ("government", 5), ("government_agency", 5), ("armed_forces", 4),
             ("armed_group", 10), ("media_outlet", 15), ("news_agency", 8), ("research_institute", 5),
             ("individual", 2), ("anonymous_source", 2))

FIGURE_COLUMNS = ["figure_id", "source_id", "claimant_id", "relayed_by_id", "measure", "unit", "value_text", "value",
                  "qualifier", "perpetrator_id", "victim_group", "parent_figure_id", "incident_id", "event_scope",
                  "period_start", "period_end", "period_basis", "as_of", "place", "claim_type", "quote",
                  "quote_start", "quote_end", "translation_en", "notes", "ref_id"]
ASSERTION_COLUMNS = ["assertion_id", "incident_id", "source_id", "claimant_id", "relayed_by_id", "assertion",
                     "attributed_to_id", "subject_id", "agent", "claim_type", "quote", "quote_start", "quote_end",
                     "translation_en", "notes", "ref_id"]
SOURCE_COLUMNS = ["source_id", "file", "sha256", "language", "title", "publisher_id", "publisher_basis", "author",
                  "published_on", "published_precision", "published_basis", "source_type", "url", "notes",
                  "provenance", "seen"]
LINK_COLUMNS = ["link_id", "relayed_figure_id", "primary_figure_id", "relation", "notes"]
REFERENCE_COLUMNS = ["ref_id", "organization", "publication", "published_on", "address", "kind", "subject", "measure",
                     "value", "qualifier", "low", "high", "perpetrator_scope", "victim_group", "period_start",
                     "period_end", "seen", "note"]
ORG_COLUMNS = ["org_id", "name_en", "name_ar", "abbreviation", "org_type", "parent_id", "notes"]
INCIDENT_COLUMNS = ["incident_id", "place_ar", "place_en", "admin1_en", "date_start", "date_end", "date_precision",
                    "agent", "incident_kind", "notes"]

# Nationwide totals (attacks over years, a year's deaths in an annual report) come from a few organizations that
# count the whole campaign, not from every outlet reporting an incident: in the real data 18 figures share the
# largest pairing group. Each publisher states one total per scope and end year, and publishes one annual report
# a year, so these figures do not grow with the number of incidents. (Until 2026-11 every incident report made up
# a total of its own: 40,000 distinct nationwide totals per measure at 10^6 figures, whose pairs alone were 1.6
# billion rows of `pairwise`; see BENCHMARKS.md.)
TOTAL_PUBLISHERS = 8
FIGURES_PER_INCIDENT = 10
REPORTS_PER_SOURCE = 8
CITATION_EVERY = 50  # one cited publication (no archived text) per 50 archived documents
FIGURES_PER_CITATION = 10


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Generator:
    def __init__(self, figures: int, seed: int = 0):
        self.rng = random.Random(seed)
        self.n_figures = figures
        self.n_incidents = max(1, figures // FIGURES_PER_INCIDENT)
        self.orgs: list[dict] = []
        self.by_type: dict[str, list[str]] = {}
        self.incidents: list[dict] = []
        self.sources: list[dict] = []
        self.figures: list[list] = []
        self.assertions: list[list] = []
        self.documents: dict[str, str] = {}
        self.references: list[dict] = []
        self.links: list[list] = []

    # --- organizations and incidents -------------------------------------------------------------------------
    def make_orgs(self):
        rng = self.rng
        n = max(len(ORG_TYPES) * 2, self.n_incidents // 50)
        weights = [w for _, w in ORG_TYPES]
        types = [t for t, _ in ORG_TYPES]
        for i in range(n):
            org_type = types[i] if i < len(types) else rng.choices(types, weights)[0]
            org_id = f"org-{i:05d}"
            self.by_type.setdefault(org_type, []).append(org_id)
            parent = ""
            if org_type == "intergovernmental_investigation" and self.by_type.get("intergovernmental_body"):
                parent = rng.choice(self.by_type["intergovernmental_body"])
            self.orgs.append({"org_id": org_id, "name_en": f"Organization {i}",
                              "name_ar": " ".join(rng.sample(FILLER, 2)), "abbreviation": f"O{i}" if i % 3 == 0 else "",
                              "org_type": org_type, "parent_id": parent,
                              "notes": "Synthetic organization." if i % 5 == 0 else ""})
        self.org_type = {o["org_id"]: o["org_type"] for o in self.orgs}
        self.claimants = [o["org_id"] for o in self.orgs if o["org_type"] not in ("media_outlet", "news_agency")]
        self.total_publishers = [o["org_id"] for o in self.orgs
                                 if o["org_type"] in ("documentation_ngo", "research_institute")][:TOTAL_PUBLISHERS]
        self.totals_stated: set[tuple] = set()  # (publisher, scope, end year): each stated once
        self.perpetrators = self.by_type["government"] + self.by_type["armed_forces"] + self.by_type["armed_group"]

    def make_incidents(self):
        rng = self.rng
        for i in range(self.n_incidents):
            place_ar, place_en, admin1 = PLACES[i % len(PLACES)]
            year = 2012 + rng.randrange(10)
            month, day = rng.randrange(1, 13), rng.randrange(1, 29)
            precision = rng.choices(("day", "month", "year"), (8, 3, 1))[0]
            start = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}",
                     "year": f"{year}"}[precision]
            end = ""
            if rng.random() < 0.1:
                end = {"day": f"{year}-{month:02d}-{min(28, day + 1):02d}", "month": f"{year}-{month:02d}",
                       "year": f"{year}"}[precision]
            kind = "alleged_plan" if rng.random() < 0.04 else "attack"
            self.incidents.append({
                "incident_id": f"inc-{place_en.lower().replace(' ', '-').replace('al-', 'al')}-{start}-{i}",
                "place_ar": place_ar, "place_en": place_en, "admin1_en": admin1, "date_start": start,
                "date_end": end, "date_precision": precision,
                "agent": rng.choices(("chlorine", "sarin", "sulfur_mustard", "unknown"), (6, 2, 1, 2))[0],
                "incident_kind": kind, "notes": "Synthetic incident." if i % 7 == 0 else ""})

    # --- text --------------------------------------------------------------------------------------------------
    def filler(self, lo=3, hi=9) -> str:
        rng = self.rng
        words = []
        for _ in range(rng.randint(lo, hi)):
            w = rng.choice(FILLER)
            r = rng.random()
            if r < 0.05:
                w += rng.choice(DIACRITIC_FORMS)
            elif r < 0.07 and len(w) > 3:
                w = w[:2] + "ـ" + w[2:]  # tatweel
            words.append(w)
        return " ".join(words)

    def value_text(self, value: int, *, allow_scale=True) -> tuple[str, float]:
        """A way of writing `value` as a source might, and the value it says."""
        rng = self.rng
        r = rng.random()
        if allow_scale and value >= 2000 and r < 0.25:
            thousands = max(2, value // 1000)
            return f"{thousands} ألف", float(thousands * 1000)
        if value >= 1000 and r < 0.4:
            return f"{value:,}", float(value)
        if r < 0.55:
            return str(value).translate(ARABIC_INDIC), float(value)
        return str(value), float(value)

    # --- figures -----------------------------------------------------------------------------------------------
    def report(self, source: dict, incident: dict | None, claimant: str, n: int, parts: list, cursor: list):
        """n figures (and an assertion) by one claimant about one incident, appended to the document parts."""
        rng = self.rng
        sid = source["source_id"]
        relayed = rng.choice(self.by_type["news_agency"]) if rng.random() < 0.2 else ""
        perpetrator = rng.choice(self.perpetrators) if rng.random() < 0.6 else ""
        claim = CLAIM_BY_TYPE.get(self.org_type[claimant], "allegation")

        def emit(text: str) -> tuple[int, int]:
            start = cursor[0]
            parts.append(text)
            cursor[0] += len(text)
            return start, cursor[0]

        def sentence_gap():
            emit(" " + self.filler(2, 6) + "، ")

        def add(measure, unit, vt, value, qualifier, victim, parent, quote, *, inc=True, period=None, scope=None,
                translation=""):
            source["n"] += 1
            fid = f"fig-{source['num']:06d}-{source['n']:02d}"
            start, end = emit(quote)
            sentence_gap()
            if inc and incident is not None:
                p_start, p_end, place = incident["date_start"], incident["date_end"], incident["place_en"]
                incident_id = incident["incident_id"]
            else:
                (p_start, p_end), place, incident_id = period or ("2012", "2021"), "", ""
            self.figures.append([
                fid, sid, claimant, relayed, measure, unit, vt, "" if value is None else _num(value), qualifier,
                perpetrator, victim, parent, incident_id, scope or "chemical_attacks", p_start, p_end,
                rng.choice(("stated", "inferred")), source["published_on"], place, claim, quote, start, end,
                translation if rng.random() < 0.7 else "", "Synthetic." if rng.random() < 0.05 else "", ""])
            return fid

        emit("\n" + self.filler(4, 10) + ". ")
        made = 0
        # 1. the total: deaths, with any counting qualifier
        total = rng.randint(4, 3000)
        qualifier = rng.choice(("exact", "exact", "at_least", "more_than", "approximately", "at_most", "less_than"))
        vt, value = self.value_text(total, allow_scale=False)
        marker = "" if qualifier == "exact" else rng.choice(MARKERS[qualifier]) + " "
        parent = add("deaths", "count", vt, value, qualifier, "all", "",
                     f"{rng.choice(LEADS)} {marker}{vt} {rng.choice(('شخصاً', 'مدنياً', 'ضحية'))}",
                     translation=f"{qualifier.replace('_', ' ')} {int(value)} people killed")
        made += 1
        shares_left = 100
        kinds = ["children", "share", "injuries", "vague", "range", "words", "campaign", "injuries", "children"]
        while made < n:
            kind = rng.choice(kinds)
            if kind == "children" and value >= 4:
                child = rng.randint(1, int(value) // 2)
                q = rng.choice(("exact", "at_least"))
                mk = "" if q == "exact" else MARKERS[q][0] + " "
                vt2, v2 = self.value_text(child, allow_scale=False)
                add("deaths", "count", vt2, v2, q, "children", parent, f"بينهم {mk}{vt2} طفلاً",
                    translation=f"among them {child} children")
            elif kind == "share" and shares_left >= 10:
                pct = rng.randint(5, min(90, shares_left))
                shares_left -= pct
                q = rng.choice(("exact", "approximately"))
                mk = "" if q == "exact" else rng.choice(MARKERS[q]) + " "
                vt2 = f"{pct}%" if rng.random() < 0.7 else f"{pct}".translate(ARABIC_INDIC) + "٪"
                add("deaths", "percent", vt2, float(pct), q, "civilians", parent, f"{mk}{vt2} منهم من المدنيين",
                    translation=f"{pct}% of them civilians")
            elif kind == "injuries":
                inj = rng.randint(10, 20000)
                q = rng.choice(("approximately", "more_than", "at_least", "exact"))
                mk = "" if q == "exact" else rng.choice(MARKERS[q]) + " "
                vt2, v2 = self.value_text(inj)
                add("injuries", "count", vt2, v2, q, "all", "", f"وإصابة {mk}{vt2} آخرين بحالات اختناق",
                    translation=f"and {int(v2)} injured")
            elif kind == "vague":
                word, _, _ = rng.choice(VAGUE)
                add("injuries", "count", word, None, "vague", "civilians", "", f"وأصيب {word} المدنيين بأعراض تسمم",
                    translation="and hundreds of civilians injured")
            elif kind == "range":
                a = rng.randint(2, 50)
                b = a + rng.randint(1, 50)
                vt2 = f"بين {a} و {b}"
                add("hospitalized", "count", vt2, float(a), "range", "all", "", f"ونقل {vt2} مصاباً إلى المستشفى",
                    translation=f"{a} to {b} taken to hospital")
            elif kind == "words":
                word, v2 = rng.choice(WORD_NUMBERS)
                add("munitions", "count", word, float(v2), "exact", "", "", f"وسقطت {word} صواريخ محملة بالغاز",
                    translation=f"{v2} rockets loaded with gas fell")
            elif kind == "campaign" and claimant in self.total_publishers:
                y0 = rng.randrange(2012, 2018)
                y1 = y0 + rng.randrange(1, 5)
                campaign_scope = rng.choice(("chemical_attacks", "military_campaign"))
                if (claimant, campaign_scope, y1) in self.totals_stated:
                    continue
                self.totals_stated.add((claimant, campaign_scope, y1))
                attacks = rng.randint(5, 400)
                q = rng.choice(("exact", "at_least", "more_than"))
                mk = "" if q == "exact" else rng.choice(MARKERS[q]) + " "
                vt2, v2 = self.value_text(attacks, allow_scale=False)
                add("attacks", "count", vt2, v2, q, "", "", f"ووثقت {mk}{vt2} هجوماً كيميائياً منذ عام {y0}",
                    inc=False, period=(str(y0), str(y1)), scope=campaign_scope,
                    translation=f"documented {v2:g} chemical attacks since {y0}")
            else:
                continue
            made += 1
        if incident is not None:
            self.assertion(source, incident, claimant, relayed, claim, emit)
        return made

    def assertion(self, source, incident, claimant, relayed, claim, emit):
        rng = self.rng
        t = self.org_type[claimant]
        attributed, subject = "", ""
        if incident["incident_kind"] == "alleged_plan":
            kind, claim_type = rng.choice(("planned_alleged", "staged_alleged")), "allegation"
            attributed = rng.choice(self.by_type["armed_group"])
        elif t in ("intergovernmental_investigation", "intergovernmental_body"):
            kind, claim_type = rng.choice(("chemical_use_confirmed", "not_attributed", "insufficient_evidence",
                                           "attributed")), "finding"
        elif t in ("government", "government_agency", "armed_forces"):
            kind, claim_type = rng.choice(("denied", "staged_alleged")), "allegation"
        elif t == "documentation_ngo" and rng.random() < 0.3:
            kind, claim_type = "reported_to_body", "report"
            subject = rng.choice(self.by_type["intergovernmental_body"])
        else:
            kind, claim_type = rng.choice(("occurred", "attributed")), "allegation"
        if kind in ("attributed", "staged_alleged", "planned_alleged") and not attributed:
            attributed = rng.choice(self.perpetrators)
        quote = f"وأكدت {self.filler(1, 3)} وقوع الهجوم في {incident['place_ar']} {self.filler(2, 5)}"
        start, end = emit(quote)
        emit("، " + self.filler(2, 5) + ". ")
        source["a"] += 1
        self.assertions.append([
            f"asr-{source['num']:06d}-{source['a']:02d}", incident["incident_id"], source["source_id"], claimant,
            relayed, kind, attributed, subject, incident["agent"] if rng.random() < 0.7 else "", claim_type, quote,
            start, end, "It was confirmed that the attack took place." if rng.random() < 0.7 else "", "", ""])

    # --- sources -----------------------------------------------------------------------------------------------
    def make_reports(self):
        """(incident, claimant, figure count) triples: ten figures per incident over 2-4 claimants."""
        rng = self.rng
        reports = []
        for incident in self.incidents:
            k = rng.choice((2, 3, 3, 4))
            sizes = [FIGURES_PER_INCIDENT // k] * k
            for i in range(FIGURES_PER_INCIDENT - sum(sizes)):
                sizes[i] += 1
            claimants = rng.sample(self.claimants, k)
            reports += [(incident, c, s) for c, s in zip(claimants, sizes)]
        # shuffle within windows, so a source covers nearby incidents and an incident's claimants are in
        # different sources
        window = 2000
        for i in range(0, len(reports), window):
            chunk = reports[i:i + window]
            rng.shuffle(chunk)
            reports[i:i + window] = chunk
        return reports

    def make_sources(self):
        rng = self.rng
        reports = self.make_reports()
        budget = self.n_figures
        for num, i in enumerate(range(0, len(reports), REPORTS_PER_SOURCE)):
            # published after every incident (2012-2021): a source never states what happens after it
            year, month, day = 2022 + rng.randrange(10) % 4, rng.randrange(1, 13), rng.randrange(1, 29)
            precision = rng.choices(("day", "month", "unknown"), (8, 2, 1))[0]
            published = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}",
                         "unknown": ""}[precision]
            source = {"source_id": f"src-{num:06d}", "num": num, "n": 0, "a": 0, "published_on": published}
            title = self.filler(4, 8)
            parts, cursor = [title + "\n"], [len(title) + 1]
            for incident, claimant, size in reports[i:i + REPORTS_PER_SOURCE]:
                size = min(size, budget)
                if size <= 0:
                    break
                budget -= self.report(source, incident, claimant, size, parts, cursor)
            parts.append("\n" + self.filler(10, 30) + ".\n")
            text = "".join(parts)
            file = f"raw/{num:06d}_synthetic.txt"
            self.documents[file] = text
            publisher = rng.choice(self.by_type["media_outlet"])
            self.sources.append({
                "source_id": source["source_id"], "file": file,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "language": "ar", "title": title,
                "publisher_id": publisher, "publisher_basis": rng.choice(("stated", "inferred")),
                "author": "" if rng.random() < 0.6 else " ".join(rng.sample(FILLER, 2)), "published_on": published,
                "published_precision": precision, "published_basis": "stated" if published else "unknown",
                "source_type": rng.choice(("news_report", "statement", "investigative_report", "background_article")),
                "url": f"https://example.org/{num}", "notes": "Synthetic document.", "provenance": "archived_quote",
                "seen": "primary"})
            if budget <= 0:
                break
            if num % CITATION_EVERY == 9 and budget > 0:  # the 10th document, then every 50th
                budget -= self.citation(len(self.sources), min(budget, FIGURES_PER_CITATION))

    def citation(self, num: int, n: int) -> int:
        """A cited publication (no archived text): n figures read from the reference list, each relayed by one or
        two figures of the archived documents (relay_links)."""
        rng = self.rng
        sid = f"cit-{num:06d}"
        claimant = rng.choice(self.total_publishers)
        year = 2014 + rng.randrange(9)
        if (claimant, "annual report", year) in self.totals_stated:  # one annual report a year
            return 0
        self.totals_stated.add((claimant, "annual report", year))
        published = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        url = f"https://example.org/publication/{num}"
        self.sources.append({
            "source_id": sid, "file": "", "sha256": "", "language": "", "title": f"Annual report {num}",
            "publisher_id": claimant, "publisher_basis": "stated", "author": "", "published_on": published,
            "published_precision": "day", "published_basis": "stated", "source_type": "statement", "url": url,
            "notes": "Cited, not archived (synthetic).", "provenance": "citation", "seen": "primary"})
        archived = [f for f in self.figures[-400:] if f[4] in ("deaths", "injuries") and f[5] == "count"]
        for k in range(1, n + 1):
            ref_id = f"ref-{num:06d}-{k:02d}"
            measure = rng.choice(("deaths", "injuries", "attacks"))
            qualifier = rng.choice(("exact", "at_least"))
            value = rng.randint(10, 5000)
            fid = f"fig-{sid}-{k:02d}"
            self.figures.append([
                fid, sid, claimant, "", measure, "count", str(value), str(value), qualifier, "",
                "all" if measure != "attacks" else "", "", "", "chemical_attacks", "2012", published[:4], "stated",
                published, "", "count", "", "", "", "", "", ref_id])
            self.references.append({
                "ref_id": ref_id, "organization": claimant, "publication": f"Annual report {num}",
                "published_on": published, "address": url, "kind": "figure", "subject": "Syria", "measure": measure,
                "value": str(value), "qualifier": qualifier, "low": "", "high": "", "perpetrator_scope": "all parties",
                "victim_group": "", "period_start": "2012", "period_end": published[:4], "seen": "primary", "note": ""})
            for relayed in rng.sample(archived, min(len(archived), rng.randint(1, 2))):
                self.links.append([f"rel-{num:06d}-{len(self.links):07d}", relayed[0], fid,
                                   rng.choice(("same", "rounded", "rescoped", "differs")), ""])
        return n

    def generate(self):
        self.make_orgs()
        self.make_incidents()
        self.make_sources()
        return self

    # --- writing -----------------------------------------------------------------------------------------------
    def write(self, root: Path):
        root = Path(root)
        (root / "raw").mkdir(parents=True, exist_ok=True)
        (root / "seeds").mkdir(parents=True, exist_ok=True)
        for old in (root / "raw").glob("*.txt"):
            old.unlink()
        for file, text in self.documents.items():
            (root / file).write_bytes(text.encode("utf-8"))
        used = {f[12] for f in self.figures} | {a[1] for a in self.assertions}
        incidents = [i for i in self.incidents if i["incident_id"] in used]
        tables = {
            "organizations": (ORG_COLUMNS, ([o[c] for c in ORG_COLUMNS] for o in self.orgs)),
            "incidents": (INCIDENT_COLUMNS, ([i[c] for c in INCIDENT_COLUMNS] for i in incidents)),
            "sources": (SOURCE_COLUMNS, ([s.get(c, "") for c in SOURCE_COLUMNS] for s in self.sources)),
            "figures": (FIGURE_COLUMNS, self.figures),
            "assertions": (ASSERTION_COLUMNS, self.assertions),
            "relay_links": (LINK_COLUMNS, self.links),
        }
        for name in _table_names():
            columns, rows = tables.get(name, ([], []))  # a table added since: header only
            _write_csv(root / "seeds" / f"{name}.csv", _seed_columns(name, columns), _reorder(name, columns, rows))
        _write_csv(root / "seeds" / "corrections.csv", _correction_columns(), [])  # none
        (root / "raw" / "reference").mkdir(exist_ok=True)
        reference = root / "raw" / "reference" / "primary_publications.csv"
        _write_csv(reference, REFERENCE_COLUMNS, ([r[c] for c in REFERENCE_COLUMNS] for r in self.references))
        _write_csv(root / "seeds" / "reference_files.csv", ["file", "sha256"],
                   [["raw/reference/primary_publications.csv", hashlib.sha256(reference.read_bytes()).hexdigest()]])
        return {"figures": len(self.figures), "assertions": len(self.assertions), "incidents": len(incidents),
                "sources": len(self.sources), "organizations": len(self.orgs), "relay_links": len(self.links),
                "raw_bytes": sum(len(t.encode("utf-8")) for t in self.documents.values())}


# Seed columns the generator does not know (added to the schemas since) get these values, or stay empty.
DEFAULTS = {("sources", "provenance"): "archived_quote", ("sources", "seen"): "primary"}


def _table_names() -> list[str]:
    from syriacw.paths import TABLE_NAMES

    return list(TABLE_NAMES)


def _correction_columns() -> list[str]:
    from syriacw.releases.corrections import COLUMNS

    return list(COLUMNS)


def _seed_columns(name: str, known: list[str]) -> list[str]:
    """The table's seed columns as validation/schemas.py has them today (the generator follows the schema)."""
    try:
        from syriacw.validation.schemas import seed_columns
    except ImportError:  # the package is not installed: write what the generator knows
        return known
    return seed_columns(name)


def _reorder(name: str, known: list[str], rows):
    header = _seed_columns(name, known)
    if header == known:
        yield from rows
        return
    at = {c: i for i, c in enumerate(known)}
    for row in rows:
        yield [row[at[c]] if c in at else DEFAULTS.get((name, c), "") for c in header]


def _write_csv(path: Path, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(root: Path, figures: int, seed: int = 0) -> dict:
    """Write a synthetic repository (raw/ and seeds/) with `figures` figures under root; returns row counts."""
    return Generator(figures, seed).generate().write(root)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--figures", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    counts = generate(args.out, args.figures, args.seed)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
