#!/usr/bin/env bash
# Builds the bench module, runs the JMH benchmarks and the paired framing CPU ratios (and, unless
# --jmh-only, the load programs) and writes bench/results/latest.json and bench/results/latest.md.
#   bench/run.sh            the full run BENCHMARKS.md quotes (about an hour on 2 cores)
#   bench/run.sh --quick    short iterations and smaller loads: under ten minutes on 2 cores
#   bench/run.sh --jmh-only / --load-only   one half (the report merges what results/ holds)
# Extra JMH options can be passed in JMH_OPTS (e.g. JMH_OPTS='-p input=crlf').
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=false; JMH=true; LOAD=true
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=true ;;
    --jmh-only) LOAD=false ;;
    --load-only) JMH=false ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

RESULTS=bench/results
mkdir -p "$RESULTS"
MVN=(./mvnw -B -q -Dkotlin.compiler.daemon=false)
[ -n "${SLUICE_BENCH_ONLINE:-}" ] || MVN+=(-o)
echo "== building bench (and lib, testkit) =="
"${MVN[@]}" -pl bench -am package -Dmaven.test.skip=true dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="bench/target/classes:$(cat bench/target/cp.txt)"

if $QUICK; then
  BYTES=4000000
  FRAMING=(-f 1 -wi 2 -w 1s -i 2 -r 1s)
  LLM=(-f 1 -wi 3 -w 2s -i 2 -r 2s)
  LOAD_SMALL=300; LOAD_BIG=1000; BIG_BODY_MB=256; PAIR_ROUNDS=15; ONE_STREAM_ROUNDS=10; ONE_STREAM_JVMS=1; ONE_STREAM_INPUTS=(openai-chat)
else
  BYTES=16800000
  FRAMING=(-f 2 -wi 5 -w 2s -i 5 -r 2s)
  LLM=(-f 2 -wi 5 -w 4s -i 5 -r 4s)
  LOAD_SMALL=1000; LOAD_BIG=10000; BIG_BODY_MB=1024; PAIR_ROUNDS=40; ONE_STREAM_ROUNDS=30; ONE_STREAM_JVMS=3; ONE_STREAM_INPUTS=(openai-chat obfuscated)
fi
PROPS=(-Dsluice.bench.bytes=$BYTES)

if $JMH; then
  rm -f "$RESULTS"/jmh-*.json "$RESULTS"/framing-pairs.md
  echo "== JMH: SSE framing =="
  java "${PROPS[@]}" -cp "$CP" org.openjdk.jmh.Main 'SseFramingBench' "${FRAMING[@]}" \
    -jvmArgsAppend "-Dsluice.bench.bytes=$BYTES" -prof gc -rf json -rff "$RESULTS/jmh-framing.json" ${JMH_OPTS:-} \
    | tee "$RESULTS/jmh-framing.txt" | grep -E '^(Benchmark|Sse)' | grep -vE 'gc\.(count|time|alloc\.rate )' || true
  echo "== SSE framing, paired CPU time =="
  {
    java -cp "$CP" dev.sluice.bench.perf.FramingPairs --header
    for input in openai-chat obfuscated anthropic-tool-use large-64k crlf; do
      java -Xmx256m -cp "$CP" dev.sluice.bench.perf.FramingPairs "$input" "$PAIR_ROUNDS" 3 2>/dev/null
    done
  } | tee "$RESULTS/framing-pairs.md.tmp" | grep '^| [a-z]'
  mv "$RESULTS/framing-pairs.md.tmp" "$RESULTS/framing-pairs.md"
  echo "== JMH: LLM decoding =="
  java "${PROPS[@]}" -cp "$CP" org.openjdk.jmh.Main 'LlmDecodeBench' "${LLM[@]}" \
    -jvmArgsAppend "-Dsluice.bench.bytes=$BYTES" -prof gc -rf json -rff "$RESULTS/jmh-llm.json" ${JMH_OPTS:-} \
    | tee "$RESULTS/jmh-llm.txt" | grep -E '^(Benchmark|Llm)' | grep -vE 'gc\.(count|time|alloc\.rate )' || true
fi

if $LOAD; then
  rm -f "$RESULTS"/load-*.json "$RESULTS"/one-stream-pairs.md
  echo "== load programs =="
  LOAD_CLASSES=bench/target/classes/dev/sluice/bench/load
  if [ -d "$LOAD_CLASSES" ]; then
    java -Xmx2g -cp "$CP" dev.sluice.bench.load.LoadSuite "$RESULTS" "$LOAD_SMALL" "$LOAD_BIG" "$BIG_BODY_MB" "$CP"
    echo "== one stream over loopback, paired CPU time =="
    {
      java -cp "$CP" dev.sluice.bench.perf.OneStreamPairs --header
      for input in "${ONE_STREAM_INPUTS[@]}"; do
        java -Xmx512m -cp "$CP" dev.sluice.bench.perf.OneStreamPairs "$input" "$ONE_STREAM_ROUNDS" "$ONE_STREAM_JVMS" 2>/dev/null
      done
    } | tee "$RESULTS/one-stream-pairs.md.tmp" | grep '^| [a-z]'
    mv "$RESULTS/one-stream-pairs.md.tmp" "$RESULTS/one-stream-pairs.md"
  else
    echo "no load programs compiled; skipped"
  fi
fi

JMH_FILES=()
for f in "$RESULTS"/jmh-framing.json "$RESULTS"/jmh-llm.json; do [ -s "$f" ] && JMH_FILES+=("$f"); done
java "${PROPS[@]}" -cp "$CP" dev.sluice.bench.Report "$RESULTS" "${JMH_FILES[@]}"
echo "results: $RESULTS/latest.json, $RESULTS/latest.md"
