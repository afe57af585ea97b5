#!/usr/bin/env python3
"""Where a Maven build's wall time goes, per module and per plugin goal.

Run the build with timestamps, then feed the log to this script:
  ./mvnw -B -Dorg.slf4j.simpleLogger.showDateTime=true \
      -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS verify > build.log
  python3 dev/build-times.py build.log
A goal's time runs from its `--- plugin:version:goal (id) @ module ---` line to the next such
line (or the module's end), so it includes the tests surefire runs. kotlinc and javac rows are
summed per module at the end.
"""
import re
import sys
from datetime import datetime, timedelta

LINE = re.compile(r"^(\d\d:\d\d:\d\d\.\d{3}) \[INFO\] (.*)$")
GOAL = re.compile(r"^--- ([\w.-]+):[\w.-]+:([\w-]+) \(([^)]*)\) @ ([\w.-]+) ---")
BOUNDARY = re.compile(r"^(Building .*\[\d+/\d+\]|BUILD (SUCCESS|FAILURE)|Reactor Summary)")


def parse(path):
    rows, current, last = [], None, None
    for raw in open(path, encoding="utf-8", errors="replace"):
        m = LINE.match(raw.rstrip("\n"))
        if not m:
            continue
        t = datetime.strptime(m.group(1), "%H:%M:%S.%f")
        if last is not None and t < last:
            t += timedelta(days=1)  # the build ran past midnight
        last = t
        text = m.group(2)
        goal = GOAL.match(text)
        if goal or BOUNDARY.match(text):
            if current:
                rows.append((current[0], current[1], (t - current[2]).total_seconds()))
            current = (goal.group(4), f"{goal.group(1)}:{goal.group(2)} ({goal.group(3)})", t) if goal else None
    return rows


def main():
    rows = parse(sys.argv[1])
    if not rows:
        sys.exit("no timestamped goal lines: run Maven with -Dorg.slf4j.simpleLogger.showDateTime=true")
    modules = {}
    for module, goal, secs in rows:
        modules.setdefault(module, []).append((goal, secs))
    total = sum(s for _, _, s in rows)
    print(f"| module | goal | s |\n|---|---|---:|")
    for module, goals in modules.items():
        for goal, secs in goals:
            if secs >= 1.0:
                print(f"| {module} | {goal} | {secs:.1f} |")
    print(f"\n| module | total s | kotlinc s | javac s | tests s |\n|---|---:|---:|---:|---:|")
    for module, goals in modules.items():
        def summed(prefix):
            return sum(s for g, s in goals if g.startswith(prefix))
        print(f"| {module} | {sum(s for _, s in goals):.1f} | {summed('kotlin:'):.1f} | {summed('compiler:'):.1f} | {summed('surefire:'):.1f} |")
    print(f"\nall goals: {total:.1f} s")


if __name__ == "__main__":
    main()
