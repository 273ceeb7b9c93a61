"""A synthetic 10,000-article corpus for search benchmarks, cached in build/bench-10k.sqlite.

The text is stitched from runs of 4-16 consecutive words of the real corpus (so phrases such
as "GLP-1" and "insulin resistance" keep their neighbours) with medical words mixed in, drawn
with a fixed seed. It goes straight into a database with the bundled database's search
schema (search_docs + search_fts via ``create_fts``, vocab, synonyms, substances): no
Markdown, no validation. The real corpus's own search rows are copied in as well, so brand,
class and glossary queries behave as in the app.

Run ``python -m benchmarks.gen_corpus [--force]`` to (re)build it by hand.
"""

from __future__ import annotations

import hashlib
import inspect
import random
import sqlite3
import sys
import time
from pathlib import Path

from peptide_desk.content import build
from peptide_desk.search import RANK_FUNCTION

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DB = ROOT / "db" / "peptide_desk.sqlite"
CONTENT = ROOT / "resources" / "content"
CACHE = ROOT / "build" / "bench-10k.sqlite"
GEN_VERSION = "2"
SEED = 20240611
ARTICLES = 10_000
WORDS_PER_ARTICLE = 1_500

MEDICAL_TEXT = """
abdomen abdominal absorption acidosis acromegaly adipocyte adipose adrenal aetiology albumin
albuminuria aldosterone allergy alopecia amenorrhoea amino anaemia anaesthesia analgesia
aneurysm angina angiography angiotensin anorexia antibody anticoagulant antigen antioxidant
aorta apnoea apoptosis arrhythmia arterial arteriosclerosis arthritis ascites asthma
atherosclerosis atrial atrophy autoimmune autonomic autophagy bariatric basal biopsy bilirubin
bradycardia cachexia calcification calorimetry capillary carbohydrate carcinoma cardiac
cardiomyopathy cardiovascular cartilage catabolism catheter cerebral cholesterol chronic
cirrhosis clearance coagulation cohort collagen comorbidity compliance contraindication
cortisol creatinine cytokine dehydration dementia dermatitis diastolic dialysis diuretic
dyslipidaemia dyspepsia dyspnoea electrolyte embolism endocrine endothelial enzyme epidemiology
epithelium erythrocyte excretion fasting fibrosis fibroblast fracture gastroparesis genotype
gestational glomerular glucagon gluconeogenesis glycogen glycolysis gonadal haematocrit
haemorrhage hepatic hepatocyte histology homeostasis hyperinsulinaemia hyperplasia hypertension
hypertrophy hypothalamus hypoxia immunoassay incidence infarction inflammation infusion
insulinoma intramuscular ischaemia ketoacidosis ketone lactate lesion leukocyte lipid
lipoprotein lumbar lymphocyte macrophage malabsorption metabolite microvascular mitochondria
morbidity mortality myocardial myopathy nausea necrosis nephropathy neuropathy neutrophil
nocturnal nutrient obesity oedema oncology osmolality osteoporosis oxidative palpitation
pancreas pancreatitis pathogenesis perfusion peripheral pharmacokinetic pharmacodynamic
phenotype phosphorylation pituitary placebo plasma platelet polyuria postprandial prevalence
prognosis prophylaxis proteinuria pulmonary randomised renal retinopathy sarcopenia satiety
sclerosis secretion sepsis serum steatosis subcutaneous syndrome systolic tachycardia
thrombosis thyroid tolerance toxicity transaminase triglyceride tubular urinary vascular
vasodilation ventricular visceral vomiting
"""
MEDICAL_WORDS = MEDICAL_TEXT.split()


def fingerprint() -> str:
    """Changes when the generator, the index definition or the ranking changes."""
    text = GEN_VERSION + inspect.getsource(build.create_fts) + RANK_FUNCTION + build.FTS_TOKENIZE
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def ensure_bundled_db() -> Path:
    """The bundled database (built from resources/content when missing)."""
    if not BUNDLED_DB.exists():
        build.build_database(CONTENT, BUNDLED_DB)
    return BUNDLED_DB


def cached_fingerprint(path: Path) -> str | None:
    """The fingerprint stored in a cached corpus, or None when absent or unreadable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'bench_fingerprint'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def ensure_corpus(path: Path = CACHE, force: bool = False) -> Path:
    """The cached 10k database, generated first when missing or stale."""
    if not force and path.exists() and cached_fingerprint(path) == fingerprint():
        return path
    generate(path)
    return path


class _Writer:
    """Stitches pseudo-articles from runs of real-corpus words."""

    def __init__(self, words: list[str], rng: random.Random) -> None:
        self.words = words
        self.rng = rng

    def run(self) -> list[str]:
        start = self.rng.randrange(len(self.words) - 16)
        return self.words[start:start + self.rng.randint(4, 16)]

    def body(self) -> str:
        target = int(WORDS_PER_ARTICLE * self.rng.uniform(0.8, 1.2))
        out: list[str] = []
        while len(out) < target:
            out.extend(self.run())
            if self.rng.random() < 0.3:
                out.append(self.rng.choice(MEDICAL_WORDS))
        return " ".join(out)

    def title(self) -> str:
        words = [w.strip(".,;:()[]") for w in self.run()[: self.rng.randint(3, 7)]]
        words.append(self.rng.choice(MEDICAL_WORDS))
        text = " ".join(w for w in words if w)
        return text[:1].upper() + text[1:]


def _real_words(src: sqlite3.Connection) -> list[str]:
    words: list[str] = []
    for (text,) in src.execute("SELECT title || ' ' || body FROM search_docs ORDER BY id"):
        words.extend(text.split())
    return words


def generate(path: Path) -> None:
    """Write the synthetic corpus to ``path`` (atomically) with the search schema."""
    started = time.perf_counter()
    src = sqlite3.connect(f"file:{ensure_bundled_db()}?mode=ro", uri=True)
    rng = random.Random(SEED)
    writer = _Writer(_real_words(src), rng)
    cols = ("kind", "target", "title", "names", "headings", "body", "context")
    docs = [dict(zip(cols, row, strict=True)) for row in
            src.execute(f"SELECT {', '.join(cols)} FROM search_docs ORDER BY id")]
    for n in range(1, ARTICLES + 1):
        title = writer.title()
        tier = ("Fundamentals", "Intermediate", "Academic")[n % 3]
        docs.append({"kind": "section", "target": f"article:synthetic-{n:05d}#main",
                     "title": title, "names": "", "headings": f"Synthetic article {n}",
                     "body": writer.body(), "context": f"Synthetic article {n} · {tier}"})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    with conn:
        _write(conn, src, docs)
    conn.execute(f"PRAGMA user_version = {build.SCHEMA_VERSION}")  # the Store opens it too
    conn.execute("VACUUM")
    conn.close()
    src.close()
    tmp.replace(path)
    print(f"generated {path} ({len(docs)} documents, {path.stat().st_size / 2**20:.0f} MiB) "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _write(conn: sqlite3.Connection, src: sqlite3.Connection, docs: list[dict[str, str]]) -> None:
    conn.execute("CREATE TABLE search_docs (id INTEGER PRIMARY KEY, kind TEXT, target TEXT, "
                 "title TEXT, names TEXT, headings TEXT, body TEXT, context TEXT)")
    conn.executemany("INSERT INTO search_docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [(i, d["kind"], d["target"], d["title"], d["names"], d["headings"],
                       d["body"], d["context"]) for i, d in enumerate(docs, 1)])
    build.create_fts(conn)
    conn.execute("CREATE TABLE vocab (word TEXT PRIMARY KEY, freq INTEGER)")
    conn.executemany("INSERT INTO vocab VALUES (:word, :freq)", build._vocabulary(docs))
    conn.execute("CREATE TABLE synonyms (group_id INTEGER, term TEXT, norm TEXT)")
    conn.executemany("INSERT INTO synonyms VALUES (?, ?, ?)",
                     src.execute("SELECT group_id, term, norm FROM synonyms"))
    conn.execute("CREATE INDEX idx_synonyms_norm ON synonyms (norm)")
    conn.execute("CREATE TABLE substances (id TEXT PRIMARY KEY, name TEXT, class_id TEXT)")
    conn.executemany("INSERT INTO substances VALUES (?, ?, ?)",
                     src.execute("SELECT id, name, class_id FROM substances"))
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)",
                     [("bench_fingerprint", fingerprint()), ("seed", str(SEED)),
                      ("articles", str(ARTICLES))])


if __name__ == "__main__":
    print(ensure_corpus(force="--force" in sys.argv[1:]))
