#!/usr/bin/env python3
"""CPU seconds of a `leitbild analyze` run per stage, from a perf profile (docs/batch.md, "Measured").

    perf record -F 499 -g -o run.data .build/release/leitbild analyze PROJECT --out OUT --quiet
    perf script -i run.data | swift demangle --simplified > run.txt
    scripts/perf-breakdown.py run.txt [--hz 499] [--frame NAME ...]

`--top STAGE` also prints the functions that the samples of that stage were in (self time, the 15
largest), to see where a stage spends its time.

`--frame NAME` also prints the CPU-s of the samples with a frame containing NAME (inclusive,
e.g. `--frame escapeForScript --frame _print_unlocked`): the figures for a single function that
docs/batch.md quotes.

Each sample counts once, for the first stage in STAGES whose frame is on its stack; samples in
no stage count by library (SQLite, zlib, libcrypto), as kernel time when the sampled frame is the
kernel's, else as "other". zlib and SQLite are built without frame pointers, so their samples
often lose the stack above them: they are counted by library, not by the stage that called them.
"""
import argparse
import collections

# (frame substring, stage name): the first match on a sample's stack decides.
STAGES = [
    ("SignalDetector.detect", "signals"),
    ("CodingSession.code", "coding"),
    ("QDPXRenderer.piece", "qdpx pieces (xml)"),
    ("Ingestor.documents", "ingestion"),
    ("GermanAnalyzer.analyze", "tokenizing"),
    ("PseudonymMemo", "pseudonymiser memo"),
    ("Memo<", "pseudonymiser memo"),
    ("AnalysisCache.store", "cache store"),
    ("AnalysisCache.load", "cache load"),
    ("parsedKey", "cache keys"),
    ("SQLiteRenderer", "sqlite (swift)"),
    ("JSONRenderer", "analysis.json"),
    ("SummaryRenderer", "summary.md"),
    ("SegmentsCSV", "segments.csv"),
    ("CSVRenderer", "other csv"),
    ("HTMLReport", "report.html"),
    ("QDPXRenderer", "project.qdpx"),
    ("PriorityAggregator", "aggregation"),
    ("Pseudonym", "pseudonymiser"),
    ("ReportInput", "report input"),
]
LIBRARIES = [("sqlite", "sqlite (library)"), ("libz.so", "zlib"), ("libcrypto", "sha (libcrypto)")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("script", help="output of `perf script | swift demangle --simplified`")
    parser.add_argument("--hz", type=float, default=499, help="the sampling frequency given to perf record -F")
    parser.add_argument("--frame", action="append", default=[], help="also print the CPU-s of samples with a frame containing this")
    parser.add_argument("--top", action="append", default=[], help="also print the 15 functions with most self time within this stage")
    args = parser.parse_args()
    counts = collections.Counter()
    selfs = collections.defaultdict(collections.Counter)
    inclusive = collections.Counter()
    with open(args.script, encoding="utf-8", errors="replace") as f:
        samples = f.read().split("\n\n")
    for sample in samples:
        frames = [line.strip().split(" ", 1)[-1] for line in sample.strip().split("\n")[1:] if line.strip()]
        if not frames:
            continue
        stage = next((name for marker, name in STAGES if any(marker in frame for frame in frames)), None)
        if stage is None:
            stage = next((name for marker, name in LIBRARIES if any(marker in frame for frame in frames)), None)
        if stage is None:
            stage = "kernel" if "kernel" in frames[0] else "other"
        counts[stage] += 1
        if stage in args.top:
            selfs[stage][frames[0][:140]] += 1
        for name in args.frame:
            if any(name in frame for frame in frames):
                inclusive[name] += 1
    print(f"total {sum(counts.values()) / args.hz:.2f} CPU-s")
    for stage, n in counts.most_common():
        print(f"{n / args.hz:6.2f} {stage}")
    for stage in args.top:
        print(f"top functions in {stage}:")
        for frame, n in selfs[stage].most_common(15):
            print(f"{n / args.hz:6.2f}   {frame}")
    for name in args.frame:
        print(f"{inclusive[name] / args.hz:6.2f} frame {name}")


if __name__ == "__main__":
    main()
