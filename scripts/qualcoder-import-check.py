#!/usr/bin/env python3
"""Manual check: imports Leitbild's project.qdpx with QualCoder's own REFI-QDA importer (no window)
and compares every imported coding with the segment Leitbild coded (analysis.sqlite).

QualCoder is not part of Leitbild; bring a checkout and its Python packages yourself:
    python3 -m venv /tmp/qc-venv && /tmp/qc-venv/bin/pip install PyQt6 pymupdf Pillow
    leitbild analyze corpus --out /tmp/lb --no-pseudonymize
    QUALCODER_SRC=/path/to/QualCoder/src QT_QPA_PLATFORM=offscreen \
        /tmp/qc-venv/bin/python scripts/qualcoder-import-check.py /tmp/lb/project.qdpx /tmp/lb/analysis.sqlite
The QualCoder project database is created in a temporary folder with the CREATE TABLE statements
of QualCoder's own new_project(); its dialogs are replaced by no-ops.
"""
import os, re, sqlite3, sys, tempfile, zipfile
QUALCODER_SRC = os.environ.get("QUALCODER_SRC", "")
if not os.path.isdir(os.path.join(QUALCODER_SRC, "qualcoder")):
    sys.exit("set QUALCODER_SRC to the src/ folder of a QualCoder checkout (see docs/reports.md)")
sys.path.insert(0, QUALCODER_SRC)
from PyQt6 import QtWidgets
app_qt = QtWidgets.QApplication([])
import qualcoder.refi as refi

qdpx, leitbild_db = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix="qc-")
project_path = os.path.join(work, "test.qda")
os.makedirs(os.path.join(project_path, "documents"))
conn = sqlite3.connect(os.path.join(project_path, "data.qda"))
src = open(os.path.join(QUALCODER_SRC, "qualcoder", "__main__.py"), encoding="utf8").read()
start = src.index('cur.execute(\n            "CREATE TABLE project')
end = src.index("self.app.update_coder_names()", start)
for stmt in re.findall(r'cur\.execute\(\s*((?:"[^"]*"\s*)+)\)', src[start:end]):
    conn.execute("".join(re.findall(r'"([^"]*)"', stmt)))
conn.commit()

class FakeApp:
    pass
fake = FakeApp()
fake.conn = conn
fake.project_path = project_path
fake.settings = {"codername": "default", "directory": work, "ai_enable": "False"}
fake.ai_models = []
fake.write_config_ini = lambda *a, **k: None
class Log:
    def __init__(self): self.lines = []
    def append(self, s): self.lines.append(str(s))
log = Log()
class NoMessage:
    def __init__(self, *a, **k): pass
    def exec(self): return 0
refi.Message = NoMessage
QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (qdpx, True))
refi.RefiImport(fake, log, "qdpx")
for l in log.lines: print("  qualcoder:", re.sub("<[^>]+>", "", l))

cur = conn.cursor()
print("sources:", cur.execute("select count(*) from source").fetchone()[0])
print("codes:", cur.execute("select count(*) from code_name").fetchone()[0],
      "categories:", cur.execute("select count(*) from code_cat").fetchone()[0])
print("codings:", cur.execute("select count(*) from code_text").fetchone()[0])
print("cases:", cur.execute("select count(*) from cases").fetchone()[0],
      "attributes:", cur.execute("select count(*) from attribute").fetchone()[0])
print("coders:", cur.execute("select distinct owner from code_text").fetchall())

# Compare every QualCoder coding with Leitbild's segment text (unpseudonymised run) and with the source text.
lb = sqlite3.connect(leitbild_db)
texts = {}
with zipfile.ZipFile(qdpx) as z:
    for n in z.namelist():
        if n.startswith("sources/"): texts[n] = z.read(n).decode("utf-8")
mismatch = 0; checked = 0
rows = cur.execute("select s.name, c.name, t.pos0, t.pos1, t.seltext, s.fulltext from code_text t join source s on s.id = t.fid join code_name c on c.cid = t.cid").fetchall()
file_to_interview = dict(lb.execute("select file, id from interviews").fetchall())
for source_name, code_name, pos0, pos1, seltext, fulltext in rows:
    interview = next((i for f, i in file_to_interview.items() if f.endswith("/" + source_name) or f == source_name), None)
    expected = lb.execute("""select s.text from segments s join codings k using (segment_id) join codes c on c.id = k.code_id
                             where s.interview_id = ? and s.start_pos = ? and s.end_pos = ? and c.name = ? and k.negated = 0""",
                          (interview, pos0, pos1, code_name)).fetchone()
    checked += 1
    if expected is None or expected[0] != seltext or fulltext[pos0:pos1] != seltext:
        mismatch += 1
        if mismatch < 5: print("MISMATCH", source_name, code_name, pos0, pos1, repr(seltext[:60]), expected and repr(expected[0][:60]))
leitbild_codings = lb.execute("select count(*) from codings k join segments s using (segment_id) where k.negated = 0 and s.is_interviewer_mention = 0").fetchone()[0]
print(f"codings compared: {checked}; same characters as Leitbild: {checked - mismatch}; mismatches: {mismatch}; Leitbild non-negated codings: {leitbild_codings}")
