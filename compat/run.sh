#!/usr/bin/env bash
# Consumer checks of the artifacts as published, run by .ci/run after the main verify:
#  1. installs lib and testkit (with -sources and Dokka -javadoc jars) into a private local repo
#     under compat/target (never ~/.m2; ~/.m2 is only read, as a tail);
#  2. checks the jars, their manifests and shrinker rules, and the poms' Central metadata;
#  3. compiles and runs compat/old-kotlin with the oldest Kotlin compiler the README claims;
#  4. shrinks compat/shrunk with its whole runtime closure by ProGuard, using only the rules the
#     jars ship, and runs it against the CLI's fake server (samples/target/sluice-cli.jar).
# Prints the jar sizes and the runtime dependency closure. Usage: bash compat/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/compat/target
REPO=$WORK/m2
VERSION=0.1.0-SNAPSHOT
mkdir -p "$WORK"
MVN=("$ROOT/mvnw" -B -q -Dkotlin.compiler.daemon=false "-Dmaven.repo.local=$REPO" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
step() { echo "=== compat: $1 ($(date +%T))"; }
fail() { echo "compat: FAILED: $1" >&2; exit 1; }

step "install lib and testkit into $REPO"
"${MVN[@]}" -pl lib,testkit -am install -Dmaven.test.skip=true -Ddokka.skip=false -Danimal.sniffer.skip=true

step "artifacts and pom metadata"
bash "$ROOT/compat/check-artifacts.sh" "$REPO" "$VERSION"

step "old-Kotlin consumer"
KOTLIN_OLD=$(sed -n 's:.*<kotlin.version>\(.*\)</kotlin.version>.*:\1:p' "$ROOT/compat/old-kotlin/pom.xml")
"${MVN[@]}" -f "$ROOT/compat/old-kotlin/pom.xml" compile exec:java
echo "compiled and ran with kotlin-maven-plugin $KOTLIN_OLD"

step "shrunk consumer (ProGuard)"
bash "$ROOT/compat/shrink.sh" "$REPO"
