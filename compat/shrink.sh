#!/usr/bin/env bash
# shrink.sh REPO: compiles compat/shrunk against the installed library, shrinks it together with
# its runtime closure by ProGuard 7.7.0 (R8 is not on Maven Central) with no rule but the app's
# entry point and the rules the jars ship in META-INF/proguard/ (what R8 reads on Android), then
# runs the shrunk jar against the CLI's fake server and checks that it streamed an answer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REPO=$1
W=$ROOT/compat/target/shrunk
rm -rf "$W"; mkdir -p "$W/classes" "$W/rules" "$W/x"
MVN=("$ROOT/mvnw" -B -q "-Dmaven.repo.local=$REPO" "-Dmaven.repo.local.tail=$HOME/.m2/repository" -f "$ROOT/compat/shrunk/pom.xml")
"${MVN[@]}" dependency:build-classpath -DincludeScope=runtime "-Dmdep.outputFile=$W/runtime.cp"
"${MVN[@]}" dependency:build-classpath -DincludeScope=test "-Dmdep.outputFile=$W/all.cp"
RUNTIME_CP=$(cat "$W/runtime.cp")

# The runtime closure an app ships (before shrinking).
total=0; count=0
for j in ${RUNTIME_CP//:/ }; do total=$((total + $(wc -c < "$j"))); count=$((count + 1)); done
echo "  runtime closure of dev.sluice:sluice: $count jars, $(awk "BEGIN{printf \"%.1f\", $total/1048576}") MB"
for j in ${RUNTIME_CP//:/ }; do printf '    %8s B  %s\n' "$(wc -c < "$j")" "$(basename "$j")"; done

javac -d "$W/classes" -cp "$RUNTIME_CP" "$ROOT"/compat/shrunk/src/main/java/compat/*.java
jar cf "$W/app.jar" -C "$W/classes" .

# An Android-like library: java.base and java.logging only (no java.management, no java.desktop...).
java "$ROOT/compat/JrtToJar.java" "$W/platform.jar" java.base java.logging

{
  echo "-injars $W/app.jar"
  for j in ${RUNTIME_CP//:/ }; do
    echo "-injars $j(!META-INF/MANIFEST.MF,!META-INF/versions/**,!module-info.class,!META-INF/*.SF,!META-INF/*.RSA)"
    # Consumer rules as ProGuard reads them: META-INF/proguard/*.pro and
    # META-INF/com.android.tools/proguard/*.pro. The com.android.tools/r8 folders are R8's (their
    # syntax, e.g. `-if ... allowaccessmodification`, is R8-only); Sluice ships the same rules in both.
    n=$(basename "$j" .jar)
    (cd "$W/x" && rm -rf META-INF && jar xf "$j" META-INF/proguard META-INF/com.android.tools 2>/dev/null || true
     for f in META-INF/proguard/*.pro META-INF/com.android.tools/proguard*/*.pro; do [ -f "$f" ] && cp "$f" "$W/rules/$n--$(basename "$f")"; done; true)
  done
  echo "-outjars $W/shrunk.jar"
  echo "-libraryjars $W/platform.jar"
  # platform.jar stands in for android.jar, which also provides android.* (a coroutines debug
  # class is annotated with android.annotation.SuppressLint); nothing else is excused here.
  echo "-dontwarn android.**"
  echo "-keep public class compat.ShrunkApp { public static void main(java.lang.String[]); }"
  echo "-adaptresourcefilecontents META-INF/services/**"
  echo "-dontnote"
  echo "-printmapping $W/mapping.txt"
  for r in "$W"/rules/*.pro; do echo "-include $r"; done
} > "$W/proguard.pro"
echo "  consumer rules applied: $(cd "$W/rules" && ls | tr '\n' ' ')"
java -cp "$(cat "$W/all.cp")" proguard.ProGuard "@$W/proguard.pro" > "$W/proguard.log" 2>&1 || { tail -40 "$W/proguard.log"; exit 1; }
echo "  shrunk app with its dependencies: $(wc -c < "$W/shrunk.jar") B (from $total B of dependencies)"

CLI=${SLUICE_CLI:-$ROOT/samples/target/sluice-cli.jar}
[ -f "$CLI" ] || { echo "  $CLI missing: run ./mvnw -B verify first" >&2; exit 1; }
java -jar "$CLI" serve-fake > "$W/fake.out" 2>&1 &
FAKE=$!
trap 'kill $FAKE 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do grep -q '^http' "$W/fake.out" && break; sleep 0.2; done
URL=$(head -1 "$W/fake.out")
[[ "$URL" == http* ]] || { cat "$W/fake.out"; echo "fake server did not start" >&2; exit 1; }
timeout 60 java -cp "$W/shrunk.jar" compat.ShrunkApp "$URL" | tee "$W/run.out"
grep -q "finish=STOP" "$W/run.out" || { echo "shrunk consumer did not stream" >&2; exit 1; }
echo "  shrunk consumer streamed from $URL: ok"
