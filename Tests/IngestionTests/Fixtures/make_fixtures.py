#!/usr/bin/env python3
"""Writes the binary fixtures of the ingestion tests (zip containers), byte-identically on every run.

    python3 Tests/IngestionTests/Fixtures/make_fixtures.py

Text fixtures (twins/*.txt, .vtt, .srt, .xml, .exb, .eaf, .csv, codebook.qdc) are written by hand;
this script writes what a text editor cannot:
  twins/interview.docx     the twin interview as Word writes it (tracked changes, comments, header)
  twins/interview.qdpx     the twin interview as a REFI-QDA project (CRLF + NFD source, codings)
  docx/features.docx       soft breaks, tabs, a table, fields, deleted paragraph marks
  docx/teams-export.docx   Teams' Word export: a line "Roth, Anna   0:03", the words in the next paragraph
  docx/table-time-speaker-text.docx   a table of time | speaker | text
  malformed/zip-slip.docx  an entry named ../../evil.txt
  malformed/zip-bomb.docx  a 64 MiB entry of zeros compressed ~1000:1
  malformed/not-a-zip.docx a text file renamed to .docx
  malformed/truncated-xml.docx      word/document.xml cut in half
  malformed/zip-slip.qdpx           a source entry escaping the archive
  malformed/wrong-namespace.qdpx    project.qde in the codebook namespace
  malformed/no-project.qdpx         sources without project.qde
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 3, 12, 10, 0, 0)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def write_zip(path, entries):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def docx(body, extra_parts=()):
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>')
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document {W}><w:body>{body}'
                '<w:sectPr><w:headerReference w:type="default" r:id="rId8"/><w:footerReference w:type="default" r:id="rId9"/></w:sectPr>'
                '</w:body></w:document>')
    return [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document)] + list(extra_parts)


def p(*runs, mark_deleted=False):
    ppr = '<w:pPr><w:rPr><w:del w:id="90" w:author="Lektorat" w:date="2024-03-13T09:00:00Z"/></w:rPr></w:pPr>' if mark_deleted else ''
    return f'<w:p>{ppr}{"".join(runs)}</w:p>'


def r(text):
    return f'<w:r><w:rPr><w:lang w:val="de-DE"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


TAB = '<w:r><w:tab/></w:r>'
BREAK = '<w:r><w:br/></w:r>'


def ins(text):
    return f'<w:ins w:id="11" w:author="Lektorat" w:date="2024-03-13T09:00:00Z">{r(text)}</w:ins>'


def dele(text):
    return (f'<w:del w:id="12" w:author="Lektorat" w:date="2024-03-13T09:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


HEADER_PARTS = [
    ("word/header1.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {W}><w:p><w:r><w:t>I: Vertraulich – nur für das Projektteam</w:t></w:r></w:p></w:hdr>'),
    ("word/footer1.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:ftr {W}><w:p><w:r><w:t>B: Seite 1</w:t></w:r></w:p></w:ftr>'),
    ("word/comments.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" w:author="Anna Roth"><w:p><w:r><w:t>Rufbus nachfragen</w:t></w:r></w:p></w:comment></w:comments>'),
]


def twin_docx():
    body = "".join([
        p(r("Interview 7 – Schwarzenbach am Wald, 12.03.2024")),
        p(r("I:"), TAB, r("Frau Kes"), r("sler, was fehlt Ihnen in Schwarzenbach am Wald am meisten? #00:00:06-5#")),
        p(),
        p(r("B:"), TAB, r("An erster Stelle steht für mich der "),
          '<w:commentRangeStart w:id="0"/>', r("Bus"), '<w:commentRangeEnd w:id="0"/>',
          '<w:r><w:commentReference w:id="0"/></w:r>',
          r(". (lacht) Der fährt z. B. "), dele("nur selten und "), ins("am Wochenende kaum noch, "),
          r("und ohne Auto ist man hier abgehängt. #00:00:21-0#")),
        p(r("I: Und was müsste sich konkret ändern? #00:00:24-2#")),
        p(r("B: Ein Rufbus wäre gut, „flexibel“ und digital buchbar. Die Haus"), '<w:r><w:softHyphen/></w:r>',
          r("arztversorgung in Naila ist das zweite große Problem."),
          '<w:r><w:footnoteReference w:id="1"/></w:r>', r(" #00:00:38-7#")),
        p(r("I: Wie sehen Sie die Rolle der Gemeinde dabei? #00:00:42-0#")),
        p(r("B: Die Gemeinde allein schafft das nicht – da braucht es den Landkreis und die Nachbarorte. "), mark_deleted=True),
        p(r("Interkommunale Zusammenarbeit ist das Wichtigste. #00:00:55-3#")),
        p(r("I: Vielen Dank für das Gespräch! #00:00:57-0#")),
    ])
    write_zip(os.path.join(HERE, "twins/interview.docx"), docx(body, HEADER_PARTS))


def features_docx():
    table = ('<w:tbl><w:tr><w:tc><w:p>' + r("I") + '</w:p></w:tc><w:tc><w:p>' + r("Und im Winter?") + '</w:p></w:tc></w:tr>'
             '<w:tr><w:tc><w:p>' + r("B") + '</w:p></w:tc><w:tc><w:p>' + r("Im Winter fährt gar nichts.") + '</w:p>'
             '<w:p>' + r("Dann bleibt nur das Taxi.") + '</w:p></w:tc></w:tr></w:tbl>')
    body = "".join([
        p(r("I:"), TAB, r("Wie kommen Sie zum Arzt?")),
        p(r("B:"), TAB, r("Mit dem Bus nach Naila,"), BREAK, r("wenn er fährt."), TAB, r("Sonst"), '<w:r><w:noBreakHyphen/></w:r>', r("Taxi.")),
        p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("I: Und das Ehrenamt?"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        p(r("B: Der Bürgerbus wird ehren"), '<w:moveFrom w:id="3" w:author="X" w:date="2024-01-01T00:00:00Z">' + r("XXX") + '</w:moveFrom>',
          r("amtlich gefahren.")),
        table,
    ])
    write_zip(os.path.join(HERE, "docx/features.docx"), docx(body, HEADER_PARTS))


def layout_docx():
    """Layouts found in a first-day review, whose labels were not recognised (the whole file was one respondent's)."""
    teams = [("Roth, Anna   0:03", "Wie wichtig sind Ihnen Rufbus und Hausarzt?"),
             ("Zapf, Helga   0:10", "Mir ist die Schule am wichtigsten, die Kita fehlt."),
             ("Roth, Anna   1:02:20", "Und was ist mit Carsharing und der Apotheke?"),
             ("Zapf, Helga   1:02:25", "Das kann ich nicht beurteilen.")]
    body = p(r("Interview Hof")) + p(r("29. November 2026, 10:02AM")) + "".join(p(r(a)) + p(r(b)) for a, b in teams)
    write_zip(os.path.join(HERE, "docx/teams-export.docx"), docx(body))
    rows = [("Zeit", "Sprecher", "Text"),
            ("00:00:05", "Interviewer", "Wie wichtig sind Ihnen Rufbus und Hausarzt?"),
            ("00:00:10", "Befragte", "Mir ist die Schule am wichtigsten, die Kita fehlt."),
            ("00:00:15", "Interviewer", "Und was ist mit Carsharing und der Apotheke?"),
            ("00:00:20", "Befragte", "Das kann ich nicht beurteilen.")]
    table = "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc><w:p>{r(c)}</w:p></w:tc>" for c in row) + "</w:tr>" for row in rows) + "</w:tbl>"
    write_zip(os.path.join(HERE, "docx/table-time-speaker-text.docx"), docx(table))


TWIN_SOURCE = (
    "I: Frau Kessler, was fehlt Ihnen in Schwarzenbach am Wald am meisten? #00:00:06-5#\n\n"
    "B: An erster Stelle steht für mich der Bus. (lacht) Der fährt z. B. am Wochenende kaum noch, und ohne Auto ist man hier abgehängt. #00:00:21-0#\n\n"
    "I: Und was müsste sich konkret ändern? #00:00:24-2#\n\n"
    "B: Ein Rufbus wa\u0308re gut, „flexibel“ und digital buchbar. Die Hausarztversorgung in Naila ist das zweite große Problem. #00:00:38-7#\n\n"
    "I: Wie sehen Sie die Rolle der Gemeinde dabei? #00:00:42-0#\n\n"
    "B: Die Gemeinde allein schafft das nicht – da braucht es den Landkreis und die Nachbarorte. Interkommunale Zusammenarbeit ist das Wichtigste. #00:00:55-3#\n\n"
    "I: Vielen Dank für das Gespräch! #00:00:57-0#\n"
).replace("\n", "\r\n")

SOURCE_GUID = "6F1B2A3C-0000-4000-8000-000000000007"
CODES = {
    "mob": "A1000000-0000-4000-8000-000000000001",
    "ges": "A1000000-0000-4000-8000-000000000002",
    "hf": "A1000000-0000-4000-8000-000000000003",
    "werte": "A1000000-0000-4000-8000-000000000004",
    "ikz": "A1000000-0000-4000-8000-000000000005",
}
RUFBUS = "Rufbus wa\u0308re gut"
USERS = {"anna": "B1000000-0000-4000-8000-000000000001", "paul": "B1000000-0000-4000-8000-000000000002"}


def selection(n, phrase, code, user, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TWIN_SOURCE.index(phrase, start + 1)
    end = start + len(phrase)  # Python counts code points: REFI-QDA positions in the CRLF/NFD source
    return (f'<PlainTextSelection guid="C1000000-0000-4000-8000-00000000000{n}" name="{phrase}" startPosition="{start}" endPosition="{end}" creatingUser="{USERS[user]}">'
            f'<Coding guid="D1000000-0000-4000-8000-00000000000{n}" creatingUser="{USERS[user]}"><CodeRef targetGUID="{CODES[code]}"/></Coding>'
            '</PlainTextSelection>')


def twin_qdpx():
    project = f'''<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="hoferLand.digital Interviews" origin="Leitbild fixture" creationDateTime="2024-03-12T10:00:00Z">
  <Users>
    <User guid="{USERS['anna']}" name="Anna Roth"/>
    <User guid="{USERS['paul']}" name="Paul Frank"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{CODES['hf']}" name="Handlungsfelder" isCodable="false" color="#336699">
        <Description>Was: Themenfelder der Strategie</Description>
        <Code guid="{CODES['mob']}" name="Mobilität" isCodable="true" color="#1F77B4"><Description>ÖPNV, Rufbus, Radwege</Description></Code>
        <Code guid="{CODES['ges']}" name="Gesundheit &amp; Pflege" isCodable="true" color="#2CA02C"/>
      </Code>
      <Code guid="{CODES['werte']}" name="Leitbild-Werte" isCodable="false">
        <Code guid="{CODES['ikz']}" name="Interkommunale Zusammenarbeit" isCodable="true" color="#9467BD"/>
      </Code>
    </Codes>
  </CodeBook>
  <Variables>
    <Variable guid="E1000000-0000-4000-8000-000000000001" name="group" typeOfVariable="Text"/>
    <Variable guid="E1000000-0000-4000-8000-000000000002" name="municipality" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="F1000000-0000-4000-8000-000000000001" name="Kessler">
      <VariableValue><VariableRef targetGUID="E1000000-0000-4000-8000-000000000001"/><TextValue>Bürgerschaft</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="E1000000-0000-4000-8000-000000000002"/><TextValue>Schwarzenbach am Wald</TextValue></VariableValue>
      <SourceRef targetGUID="{SOURCE_GUID}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{SOURCE_GUID}" name="interview.txt" plainTextPath="internal://{SOURCE_GUID}.txt" creatingUser="{USERS['anna']}">
      {selection(1, "der Bus", "mob", "anna")}
      {selection(2, RUFBUS, "mob", "paul")}
      {selection(3, "Hausarztversorgung in Naila", "ges", "anna")}
      {selection(4, "Interkommunale Zusammenarbeit ist das Wichtigste", "ikz", "paul")}
    </TextSource>
    <PictureSource guid="6F1B2A3C-0000-4000-8000-000000000099" name="Ortsplan" path="internal://plan.png"/>
  </Sources>
</Project>
'''
    write_zip(os.path.join(HERE, "twins/interview.qdpx"), [
        ("project.qde", project),
        (f"Sources/{SOURCE_GUID}.txt", TWIN_SOURCE),
    ])


def malformed():
    base = docx(p(r("I: Hallo?")) + p(r("B: Hallo.")))
    write_zip(os.path.join(HERE, "malformed/zip-slip.docx"), base + [("../../evil.txt", "pwned")])
    write_zip(os.path.join(HERE, "malformed/zip-bomb.docx"), base[:2] + [("word/document.xml", b"\0" * (64 << 20))])
    document = dict(base)["word/document.xml"]
    write_zip(os.path.join(HERE, "malformed/truncated-xml.docx"), base[:2] + [("word/document.xml", document[:len(document) // 2])])
    source = "I: Hallo?\n\nB: Hallo.\n"
    good_project = ('<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
                    '<Sources><TextSource guid="6F1B2A3C-0000-4000-8000-000000000001" name="a.txt" plainTextPath="internal://a.txt"/></Sources></Project>')
    write_zip(os.path.join(HERE, "malformed/zip-slip.qdpx"), [("project.qde", good_project), ("sources/a.txt", source), ("sources/../../../etc/cron.d/x", "x")])
    write_zip(os.path.join(HERE, "malformed/wrong-namespace.qdpx"),
              [("project.qde", good_project.replace("urn:QDA-XML:project:1.0", "urn:QDA-XML:codebook:1.0")), ("sources/a.txt", source)])
    write_zip(os.path.join(HERE, "malformed/no-project.qdpx"), [("sources/a.txt", source)])
    os.makedirs(os.path.join(HERE, "malformed"), exist_ok=True)
    with open(os.path.join(HERE, "malformed/not-a-zip.docx"), "w", encoding="utf-8") as f:
        f.write("I: Das ist eigentlich eine Textdatei.\n")


if __name__ == "__main__":
    twin_docx()
    features_docx()
    layout_docx()
    twin_qdpx()
    malformed()
