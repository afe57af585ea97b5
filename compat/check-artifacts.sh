#!/usr/bin/env bash
# check-artifacts.sh REPO VERSION: the published files of lib and testkit in a local repository
# (jars, sources, javadoc, manifest, shrinker rules, Central's pom fields). Exits 1 on a miss.
set -euo pipefail
REPO=$1; VERSION=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
problems=0
miss() { echo "  MISSING: $1" >&2; problems=$((problems + 1)); }
has_entry() { jar tf "$1" | grep -qE "$2" || miss "$(basename "$1"): no entry matching $2"; }

check_module() { # artifactId module-name
  local a=$1 module=$2 d=$REPO/dev/sluice/$1/$VERSION
  for suffix in .jar -sources.jar -javadoc.jar .pom; do
    [ -s "$d/$a-$VERSION$suffix" ] || miss "$d/$a-$VERSION$suffix"
  done
  [ -s "$d/$a-$VERSION.jar" ] || return 0
  has_entry "$d/$a-$VERSION-sources.jar" '^dev/sluice/.*\.kt$'
  has_entry "$d/$a-$VERSION-javadoc.jar" '^index\.html$'
  (cd "$TMP" && rm -rf META-INF && jar xf "$d/$a-$VERSION.jar" META-INF/MANIFEST.MF)
  grep -q "^Automatic-Module-Name: $module" "$TMP/META-INF/MANIFEST.MF" || miss "$a: Automatic-Module-Name $module"
  grep -q '<name>' "$d/$a-$VERSION.pom" || miss "$a pom: name"
  printf '  %-16s jar %7s B, sources %7s B, javadoc %8s B\n' "$a" \
    "$(wc -c < "$d/$a-$VERSION.jar")" "$(wc -c < "$d/$a-$VERSION-sources.jar")" "$(wc -c < "$d/$a-$VERSION-javadoc.jar")"
}

check_module sluice dev.sluice
check_module sluice-testkit dev.sluice.testkit
LIB=$REPO/dev/sluice/sluice/$VERSION/sluice-$VERSION.jar
has_entry "$LIB" '^dev/sluice/.*\.java$|^dev/sluice/llm/LlmEvent\.class$'
has_entry "$REPO/dev/sluice/sluice/$VERSION/sluice-$VERSION-sources.jar" '^dev/sluice/llm/LlmEventVisitor\.java$'
has_entry "$LIB" '^META-INF/proguard/sluice\.pro$'
has_entry "$LIB" '^META-INF/com\.android\.tools/r8/sluice\.pro$'

# Central's required fields: inherited from the parent pom, which is published too.
PARENT=$REPO/dev/sluice/sluice-parent/$VERSION/sluice-parent-$VERSION.pom
[ -s "$PARENT" ] || miss "$PARENT"
for field in '<description>' '<url>https://' '<name>Apache-2.0</name>' '<developers>' '<developer>' '<scm>' '<connection>scm:git:'; do
  grep -q "$field" "$PARENT" 2>/dev/null || miss "parent pom: $field"
done

# What a consumer's compiler reads: Kotlin metadata of our classes, and the stdlib the pom asks for.
(cd "$TMP" && jar xf "$LIB" dev/sluice/llm/LlmClient.class)
mv=$(javap -v "$TMP/dev/sluice/llm/LlmClient.class" | grep -o 'mv=\[[0-9, ]*\]' | head -1)
echo "  Kotlin metadata of dev.sluice.llm.LlmClient: $mv"
[[ "$mv" == "mv=[2,1,0]" || "$mv" == "mv=[2, 1, 0]" ]] || miss "Kotlin metadata 2.1.0 (language version 2.1), got $mv"

[ "$problems" -eq 0 ] || { echo "check-artifacts: $problems problem(s)" >&2; exit 1; }
echo "  artifacts and pom metadata: ok"
