#!/usr/bin/env python3
"""CPU seconds of a `leitbild analyze` run per stage, from a perf profile (docs/batch.md, "Measured"; docs/batch-rounds.md has what each round found with it).

    perf record -F 499 -g -o run.data .build/release/leitbild analyze PROJECT --out OUT --quiet
    perf script -i run.data | swift demangle --simplified > run.txt
    scripts/perf-breakdown.py run.txt [--hz 499] [--frame NAME ...]

`--top STAGE` also prints the functions that the samples of that stage were in (self time, the 15
largest), to see where a stage spends its time.

`--frame NAME` also prints the CPU-s of the samples with a frame containing NAME (inclusive,
e.g. `--frame escapeForScript --frame _print_unlocked`): the figures for a single function that
docs/batch-rounds.md quotes.

`--timeline STEP` also prints, for each STEP seconds of the run (e.g. `--timeline 0.1`), how many
cores were busy on average and the four steps of the run with most samples then (by the finer
list TIMELINE: the per-file stages, the bootstrap, the emergent terms, pruning, each report, ...):
where the run leaves a core idle (docs/batch-rounds.md, "Round 9647977 → 51bec4c"). Samples keep their time only
when `perf script` prints it (its default).

`--innermost STAGE REGEX` also prints the samples of STAGE counted for the innermost frame that
matches REGEX (e.g. `--innermost "cache load" '[A-Za-z]+[.]init[(]from:[)]'`: which decoded type the
cache read spent its time in).

`--syscalls` also prints the kernel's samples by what the kernel was doing: the system call (the
kernel frame just inside `do_syscall_64`, e.g. `__x64_sys_mprotect`, `__x64_sys_openat`), page
faults (`asm_exc_page_fault`), or the outermost kernel frame otherwise (docs/batch.md,
"Allocator"; docs/batch-rounds.md, "Round 29f30da → a0ac7b5").

`--files-phase` also prints where the files phase spent its CPU: the samples from the first to the
last with `FileWorker` on the stack, each put in the first of FILES_PHASE that matches (decoding
cache entries, SHA-256 in libcrypto, memory, reads, ...). Samples keep their time as for `--timeline`.

Each sample counts once, for the first stage in STAGES whose frame is on its stack; samples in
no stage count by library (SQLite, zlib, libcrypto), as kernel time when the sampled frame is the
kernel's, else as "other". zlib and SQLite are built without frame pointers, so their samples
often lose the stack above them: they are counted by library, not by the stage that called them.
"""
import argparse
import collections
import re

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
# (frame substring, step name) for `--timeline`: what the run is doing, rather than which
# stage's code the CPU is in; the first match on a sample's stack decides.
TIMELINE = [
    ("FileWorker", "files"),
    ("Bootstrap", "bootstrap"),
    ("EmergentTermFinder", "emergent terms"),
    ("PriorityAggregator", "aggregation"),
    ("SummaryRenderer", "summary.md"),
    ("JSONRenderer", "analysis.json"),
    ("HTMLReport", "report.html"),
    ("SQLite", "analysis.sqlite"),
    ("QDPX", "project.qdpx"),
    ("CSVRender", "csv"),
    ("texts(", "pseudonymised texts"),
    ("Pseudonym", "pseudonymised texts"),
    ("prune", "pruning"),
    ("prepare", "setup"),
    ("gather", "gathering"),
    ("named(by", "naming files"),
    ("ReportManifest", "report manifest"),
    ("ReportInput", "report input"),
    ("ReportWriter", "renames"),
]
# (test on a sample's frames, kind) for `--files-phase`, the first match deciding. libcrypto is
# built without frame pointers, so its samples are told by their own frame.
FILES_PHASE = [
    (lambda f: "libcrypto" in f[0], "SHA-256 (libcrypto)"),
    (lambda f: any("BinaryCoding.decode" in x for x in f), "decoding cache entries"),
    (lambda f: any("CompiledCodebook.init" in x for x in f), "compiling the codebook"),
    (lambda f: any("FileWorker.parsedKey" in x for x in f), "the parsed key"),
    (lambda f: any(k in x for x in f for k in ("page_fault", "mprotect", "malloc", "_int_free", "cfree")), "page faults, malloc, mprotect"),
    (lambda f: any(k in x for x in f for k in ("ksys_read", "vfs_read")), "read"),
    (lambda f: any(k in x for x in f for k in ("openat", "__x64_sys_close", "newfstatat", "statx")), "open, close, stat"),
    (lambda f: any("FileWorker" in x for x in f), "other work of the file workers"),
    (lambda f: True, "other"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("script", help="output of `perf script | swift demangle --simplified`")
    parser.add_argument("--hz", type=float, default=499, help="the sampling frequency given to perf record -F")
    parser.add_argument("--frame", action="append", default=[], help="also print the CPU-s of samples with a frame containing this")
    parser.add_argument("--top", action="append", default=[], help="also print the 15 functions with most self time within this stage")
    parser.add_argument("--timeline", type=float, metavar="STEP", help="also print busy cores and the main steps per STEP seconds")
    parser.add_argument("--files-phase", action="store_true", help="also print where the files phase spent its CPU")
    parser.add_argument("--syscalls", action="store_true", help="also print the kernel's samples by system call")
    parser.add_argument("--innermost", nargs=2, metavar=("STAGE", "REGEX"),
                        help="also print the samples of STAGE by the innermost frame matching REGEX (e.g. the decoded type's init(from:))")
    args = parser.parse_args()
    timeline = collections.defaultdict(collections.Counter)
    counts = collections.Counter()
    selfs = collections.defaultdict(collections.Counter)
    inclusive = collections.Counter()
    innermost = collections.Counter()
    syscalls = collections.Counter()
    with open(args.script, encoding="utf-8", errors="replace") as f:
        samples = f.read().split("\n\n")
    start = None
    stamped = []  # (seconds, frames) for --files-phase
    for sample in samples:
        lines = sample.strip().split("\n")
        frames = [line.strip().split(" ", 1)[-1] for line in lines[1:] if line.strip()]
        if not frames:
            continue
        if args.timeline:
            # The header: "leitbild 13891 19086.107321:    2004008 cpu-clock:pppH:".
            stamp = re.search(r"\s(\d+\.\d+):", lines[0])
            if stamp:
                seconds = float(stamp.group(1))
                start = seconds if start is None else min(start, seconds)
                step = next((name for marker, name in TIMELINE if any(marker in frame for frame in frames)), "other")
                timeline[seconds][step] += 1
        if args.files_phase:
            stamp = re.search(r"\s(\d+\.\d+):", lines[0])
            if stamp:
                stamped.append((float(stamp.group(1)), frames))
        stage = next((name for marker, name in STAGES if any(marker in frame for frame in frames)), None)
        if stage is None:
            stage = next((name for marker, name in LIBRARIES if any(marker in frame for frame in frames)), None)
        if stage is None:
            stage = "kernel" if "kernel" in frames[0] else "other"
        counts[stage] += 1
        if args.syscalls and "kernel" in frames[0]:
            # Frames run from the sampled one outwards; the kernel's come first.
            kernel = [frame.split(" (")[0].split("+")[0] for frame in frames if "kernel" in frame]
            if "do_syscall_64" in kernel and kernel.index("do_syscall_64") > 0:
                syscalls[kernel[kernel.index("do_syscall_64") - 1]] += 1
            else:
                syscalls["page faults" if "asm_exc_page_fault" in kernel else kernel[-1]] += 1
        if stage in args.top:
            selfs[stage][frames[0][:140]] += 1
        if args.innermost and stage == args.innermost[0]:
            # Frames run from the sampled one outwards, so the first match is the innermost.
            found = next((m.group(0) for m in (re.search(args.innermost[1], frame) for frame in frames) if m), "(none)")
            innermost[found] += 1
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
    if args.syscalls:
        print(f"kernel samples by system call ({sum(syscalls.values()) / args.hz:.2f} CPU-s):")
        for name, n in syscalls.most_common(15):
            print(f"{n / args.hz:6.2f}   {name}")
    if args.innermost:
        print(f"{args.innermost[0]} by the innermost frame matching {args.innermost[1]}:")
        for found, n in innermost.most_common(15):
            print(f"{n / args.hz:6.2f}   {found}")
    if args.files_phase:
        workers = [t for t, frames in stamped if any("FileWorker" in frame for frame in frames)]
        if workers:
            first, last = min(workers), max(workers)
            kinds = collections.Counter()
            for t, frames in stamped:
                if first <= t <= last:
                    kinds[next(kind for test, kind in FILES_PHASE if test(frames))] += 1
            print(f"files phase ({last - first:.2f} s, {sum(kinds.values()) / args.hz:.2f} CPU-s):")
            for kind, n in kinds.most_common():
                print(f"{n / args.hz:6.2f} {kind}")
    if args.timeline and start is not None:
        windows = collections.defaultdict(collections.Counter)
        for seconds, steps in timeline.items():
            windows[int((seconds - start) / args.timeline)].update(steps)
        print(f"timeline (per {args.timeline:g} s: busy cores, then the steps with most samples)")
        for window in range(max(windows) + 1):
            steps = windows.get(window, collections.Counter())
            busy = sum(steps.values()) / args.hz / args.timeline
            main_steps = ", ".join(f"{name} {n / args.hz:.2f}" for name, n in steps.most_common(4))
            print(f"{window * args.timeline:6.2f} s  {busy:4.2f}  {main_steps}")


if __name__ == "__main__":
    main()
