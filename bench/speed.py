"""Speed benchmark: our model beside a bare pipeline and alt-profanity-check, on one core.

Our model is trained with a recipe (``seed``: the shipped corpus, as a fresh install trains it,
about 20 s; ``public``: the seed corpus plus the public datasets, about 2 min) and measured on a
sample of texts drawn from the public datasets (a fixed seed, the same number from each
language). Beside it:

- baseline: ``Pipeline([TfidfVectorizer(analyzer="char_wb"), LogisticRegression()])`` with the
  library defaults, fitted on the same training texts for one score (toxicity);
- alt-profanity-check: ``predict_prob`` with the model it ships.

Every figure is taken on one core: BLAS and OpenMP pools are limited to one thread (environment
variables set before numpy is imported, and threadpoolctl's ``threadpool_limits(1)``), and the
process is pinned to one CPU where the platform allows it.

1. Batch throughput: the whole sample in one call, repeated; comments/s of the median run.
   Ours computes every score (``predict_scores``), the others one.
2. Single-call latency: one text per call, in-process, after a warm-up; p50 and p99 in ms.
   Ours is measured twice: scores only, and scores plus ``explain`` (explanations on).
3. Memory: a fresh subprocess imports the libraries, records its peak RSS, loads our artifact
   from a file with ``ml.artifact.load_model`` and records it again; the increase is the cost
   of a loaded model, and after a first prediction. Likewise for importing alt-profanity-check,
   which loads its model on import. The peak is VmHWM on Linux (where a child's ru_maxrss
   starts at its parent's peak, so it would show no increase at all), ru_maxrss elsewhere.

The targets (ours at least 0.8 of the baseline's batch throughput, our single-call p99 at most
2 ms) are printed beside the figures, never enforced.

Usage: python bench/speed.py [--recipe seed|public] [--data-dir ../shared/data] [--count 2000]
Prints a table and writes bench/results/speed.json.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Before numpy is imported: BLAS and OpenMP read these once, when they start their pools.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
for _variable in THREAD_VARIABLES:
    os.environ[_variable] = "1"

import numpy as np  # noqa: E402 - after the thread limits above
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ml.artifact import checksum, dump_model, library_versions  # noqa: E402 - after the path
from ml.corpus import Example, deduplicate  # noqa: E402
from ml.datasets import DEFAULT_DATA_DIR, read_all  # noqa: E402
from ml.model import ModerationModel  # noqa: E402
from ml.recipes import RECIPES, recipe_examples  # noqa: E402
from ml.training import fit, train_seed_model  # noqa: E402

TARGET_THROUGHPUT_RATIO = 0.8
TARGET_P99_MS = 2.0

OURS = "commentguard"
OURS_EXPLAIN = "commentguard + explain"
BASELINE = "baseline tfidf+lr"
PROFANITY = "alt-profanity-check"

Predict = Callable[[list[str]], object]

# Peak RSS in KB. On Linux ru_maxrss is useless in a child: exec carries over the high-water
# mark of the process that forked it (here the benchmark, with its trained models), so the
# peak of this address space is read from /proc (VmHWM) instead; ru_maxrss elsewhere.
_PEAK = """
import json, resource
MEASURE = "ru_maxrss"
def peak():
    global MEASURE
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    MEASURE = "VmHWM"
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
def report(before, loaded):
    print(json.dumps({"before_kb": before, "loaded_kb": loaded, "predicted_kb": peak(),
                      "measure": MEASURE}))
"""

# Run in a fresh interpreter: peak RSS after the imports, then after loading the artifact and
# after its first prediction. argv: artifact path, checksum, library versions as JSON.
_OURS_MEMORY = """
import sys
from pathlib import Path
import numpy, scipy, sklearn, skops.io
from ml.artifact import load_model
before = peak()
model = load_model(Path(sys.argv[1]).read_bytes(), sys.argv[2], json.loads(sys.argv[3]))
loaded = peak()
model.predict_scores(["a first prediction, to touch every array"])
report(before, loaded)
"""

# The same for alt-profanity-check, whose module loads its vectoriser and model when imported;
# the scikit-learn modules its pickles need are imported first so that only the model counts.
_PROFANITY_MEMORY = """
import joblib, numpy, scipy, sklearn
import sklearn.calibration, sklearn.feature_extraction.text, sklearn.svm
before = peak()
from profanity_check import predict_prob
loaded = peak()
predict_prob(["a first prediction, to touch every array"])
report(before, loaded)
"""


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def pin_to_one_cpu() -> int | None:
    """Pin this process to one CPU it may run on; None where the platform cannot."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def sample_texts(examples: Sequence[Example], count: int, seed: int) -> list[Example]:
    """``count`` examples, as many from each language as there are, in a seeded random order."""
    rng = random.Random(seed)
    by_language: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_language[example.lang].append(example)
    languages = sorted(by_language)
    chosen: list[Example] = []
    left: list[Example] = []
    for i, language in enumerate(languages):
        pool = list(by_language[language])
        rng.shuffle(pool)
        share = count // len(languages) + (1 if i < count % len(languages) else 0)
        chosen.extend(pool[:share])
        left.extend(pool[share:])
    if len(chosen) < count:  # a language with fewer examples than its share: fill from the rest
        chosen.extend(rng.sample(left, min(count - len(chosen), len(left))))
    rng.shuffle(chosen)
    return chosen


def train_ours(recipe: str, data_dir: Path) -> tuple[ModerationModel, bytes, list[Example]]:
    """Our model, its artifact and the (deduplicated) examples it was fitted on."""
    if recipe == "seed":
        trained = train_seed_model(progress=lambda step: say(f"  {step}"))
        return trained.model, trained.artifact, deduplicate(recipe_examples("seed"))
    examples = deduplicate(
        recipe_examples(recipe, data_dir, progress=lambda line: say(f"  read {line}"))
    )
    model = fit(examples, progress=lambda step: say(f"  {step}"))
    return model, dump_model(model), examples


def train_baseline(examples: Sequence[Example]) -> tuple[Pipeline, int]:
    """The bare pipeline, fitted on the examples labelled for toxicity."""
    labelled = [(e.text, e.target("toxicity")) for e in examples]
    labelled = [(text, target) for text, target in labelled if target is not None]
    pipeline = Pipeline(
        [("tfidf", TfidfVectorizer(analyzer="char_wb")), ("classify", LogisticRegression())]
    )
    pipeline.fit([text for text, _ in labelled], np.array([target for _, target in labelled]))
    return pipeline, len(labelled)


def batch_throughput(predict: Predict, texts: list[str], repeat: int) -> dict[str, Any]:
    predict(texts[:50])  # warm-up: first-call allocations and lazy imports
    runs = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        predict(texts)
        runs.append(time.perf_counter() - started)
    return {
        "texts": len(texts),
        "runs_s": [round(run, 4) for run in runs],
        "per_s": round(len(texts) / statistics.median(runs), 1),
    }


def single_latency(
    call: Callable[[str], object], texts: list[str], calls: int, warmup: int
) -> dict[str, Any]:
    for i in range(warmup):
        call(texts[i % len(texts)])
    gc.collect()
    timings = []
    for i in range(calls):
        text = texts[i % len(texts)]
        started = time.perf_counter_ns()
        call(text)
        timings.append((time.perf_counter_ns() - started) / 1e6)
    return {
        "calls": calls,
        "warmup": warmup,
        "p50_ms": round(float(np.percentile(timings, 50)), 3),
        "p99_ms": round(float(np.percentile(timings, 99)), 3),
        "mean_ms": round(statistics.fmean(timings), 3),
        "max_ms": round(max(timings), 3),
    }


def _peak_increase(script: str, argv: Sequence[str]) -> dict[str, Any]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [sys.executable, "-c", _PEAK + script, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        check=True,
    )
    kb = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "peak_measure": kb["measure"],
        "rss_after_imports_mb": round(kb["before_kb"] / 1024, 1),
        "load_increase_mb": round((kb["loaded_kb"] - kb["before_kb"]) / 1024, 1),
        "first_prediction_increase_mb": round((kb["predicted_kb"] - kb["before_kb"]) / 1024, 1),
    }


def memory(artifact: bytes) -> dict[str, Any]:
    """Peak-RSS increases of loading our artifact and alt-profanity-check's model."""
    with tempfile.TemporaryDirectory(prefix="cg-bench-speed-") as folder:
        path = Path(folder) / "model.skops"
        path.write_bytes(artifact)
        versions = json.dumps(library_versions())
        ours = _peak_increase(_OURS_MEMORY, [str(path), checksum(artifact), versions])
    ours["artifact_mb"] = round(len(artifact) / 2**20, 2)
    result = {OURS: ours}
    import profanity_check

    files = Path(profanity_check.__file__).parent / "data"
    size = sum(f.stat().st_size for f in files.glob("*.joblib"))
    try:
        peer = _peak_increase(_PROFANITY_MEMORY, [])
    except subprocess.CalledProcessError as error:
        say(f"alt-profanity-check memory not measured: {error.stderr.strip()}")
    else:
        result[PROFANITY] = {**peer, "artifact_mb": round(size / 2**20, 2)}
    return result


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages: other work on the machine inflates every figure."""
    try:
        return [round(load, 2) for load in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def _first(loads: list[float] | None) -> str:
    return "unknown" if loads is None else str(loads[0])


def machine(pinned: int | None, load: dict[str, list[float] | None]) -> dict[str, Any]:
    libraries = library_versions()
    for name in ("alt-profanity-check", "threadpoolctl", "joblib"):
        try:
            libraries[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            libraries[name] = "not installed"
    return {
        "cpus": os.cpu_count(),
        "pinned_cpu": pinned,
        "load_average": load,
        "processor": platform.processor() or platform.machine(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "libraries": libraries,
        "thread_variables": {name: os.environ[name] for name in THREAD_VARIABLES},
        "thread_pools": [
            {key: pool.get(key) for key in ("user_api", "internal_api", "num_threads", "version")}
            for pool in threadpool_info()
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipe", choices=RECIPES, default="seed")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--count", type=int, default=2000, help="texts in the sample")
    parser.add_argument("--calls", type=int, default=2000, help="single calls per model")
    parser.add_argument("--warmup", type=int, default=200, help="single calls before timing")
    parser.add_argument("--repeat", type=int, default=3, help="batch runs per model")
    parser.add_argument("--seed", type=int, default=0, help="seed of the text sample")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "speed.json")
    args = parser.parse_args()

    say(f"training our model with the {args.recipe} recipe…")
    started = time.perf_counter()
    model, artifact, training = train_ours(args.recipe, args.data_dir)
    trained_s = time.perf_counter() - started
    say(f"  trained in {trained_s:.0f} s: heads {', '.join(model.score_names)}")
    say("training the baseline…")
    baseline, baseline_examples = train_baseline(training)

    say(f"sampling {args.count} texts from {args.data_dir}…")
    sample = sample_texts(read_all(args.data_dir), args.count, args.seed)
    texts = [e.text for e in sample]
    say("loading alt-profanity-check…")
    from profanity_check import predict_prob

    batch: dict[str, Predict] = {
        OURS: model.predict_scores,
        BASELINE: lambda t: baseline.predict_proba(t)[:, 1],
        PROFANITY: predict_prob,
    }
    single: dict[str, Callable[[str], object]] = {
        OURS: lambda text: model.predict_scores([text]),
        OURS_EXPLAIN: lambda text: (model.predict_scores([text]), model.explain(text)),
        BASELINE: lambda text: baseline.predict_proba([text])[:, 1],
        PROFANITY: lambda text: predict_prob([text]),
    }

    pinned = pin_to_one_cpu()
    load = {"before": load_average()}
    if load["before"] and load["before"][0] > (os.cpu_count() or 1):
        say(f"warning: load average {load['before'][0]}: other work will inflate the figures")
    results: dict[str, dict[str, Any]] = {name: {} for name in single}
    with threadpool_limits(limits=1):
        for name, predict in batch.items():
            say(f"batch: {name}, {len(texts)} texts × {args.repeat}…")
            results[name]["batch"] = batch_throughput(predict, texts, args.repeat)
        for name, call in single.items():
            say(f"single calls: {name}, {args.calls} after {args.warmup} warm-up…")
            results[name]["single"] = single_latency(call, texts, args.calls, args.warmup)
        load["after"] = load_average()
        info = machine(pinned, load)

    say("measuring memory in subprocesses…")
    loaded = memory(artifact)

    ratio = results[OURS]["batch"]["per_s"] / results[BASELINE]["batch"]["per_s"]
    p99 = results[OURS]["single"]["p99_ms"]
    targets = {
        "throughput_ratio_vs_baseline": {
            "value": round(ratio, 3),
            "target": f">= {TARGET_THROUGHPUT_RATIO}",
            "met": ratio >= TARGET_THROUGHPUT_RATIO,
        },
        "single_call_p99_ms": {
            "value": p99,
            "target": f"<= {TARGET_P99_MS}",
            "met": p99 <= TARGET_P99_MS,
        },
    }

    scores = {
        OURS: ", ".join(model.score_names),
        OURS_EXPLAIN: ", ".join(model.score_names) + " + spans",
        BASELINE: "toxicity",
        PROFANITY: "profanity",
    }
    print(
        f"{len(texts)} texts, recipe {args.recipe}, one core (cpu {pinned}), {args.calls} calls;"
        f" load average {_first(load['before'])} before, {_first(load['after'])} after"
    )
    print(f"{'model':<24} {'scores':<30} {'batch/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, figures in results.items():
        per_s = figures["batch"]["per_s"] if "batch" in figures else "-"
        s = figures["single"]
        print(f"{name:<24} {scores[name]:<30} {per_s:>9} {s['p50_ms']:>8} {s['p99_ms']:>8}")
    print(
        f"ours / baseline batch throughput: {ratio:.2f} (target >= {TARGET_THROUGHPUT_RATIO}); "
        f"our single-call p99: {p99} ms (target <= {TARGET_P99_MS} ms)"
    )
    print(f"{'memory':<24} {'artifact MB':>12} {'load +MB':>9} {'1st call +MB':>13}")
    for name, m in loaded.items():
        print(
            f"{name:<24} {m['artifact_mb']:>12} {m['load_increase_mb']:>9} "
            f"{m['first_prediction_increase_mb']:>13}"
        )

    report = {
        "machine": info,
        "settings": {
            "recipe": args.recipe,
            "data_dir": str(args.data_dir),
            "count": len(texts),
            "calls": args.calls,
            "warmup": args.warmup,
            "repeat": args.repeat,
            "seed": args.seed,
        },
        "sample": {
            "by_language": dict(Counter(e.lang for e in sample)),
            "by_source": dict(Counter(e.source for e in sample)),
            "mean_chars": round(statistics.fmean(len(t) for t in texts), 1),
            "median_chars": statistics.median(len(t) for t in texts),
        },
        "training": {
            "seconds": round(trained_s, 1),
            "examples": len(training),
            "heads": list(model.score_names),
            "baseline_examples": baseline_examples,
        },
        "scores": scores,
        "results": results,
        "targets": targets,
        "memory": loaded,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    say(f"written to {args.out}")


if __name__ == "__main__":
    main()
