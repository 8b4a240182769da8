#!/usr/bin/env python3
"""Writes a realistic mlpc spec with N tasks to stdout: params, components, references
between tasks, conditions, loops, retries, resources, and a finally task.

    python3 bench/gen.py 1000 > /tmp/spec-1000.yaml
"""
import sys

n = int(sys.argv[1])
out = [
    "version: 1",
    f"name: bench-{n}",
    "params:",
    "  dataset: {type: string, default: s3://bench/data, description: Input prefix}",
    "  threshold: {type: float, default: 0.8}",
    "defaults:",
    "  image: ghcr.io/acme/bench:1.0.0",
    "  retry: {limit: 2, policy: on_failure, backoff: {delay: 10s, factor: 2}}",
    "  resources: {cpu: 500m, memory: 1Gi}",
    "components:",
    "  extract:",
    "    command: [python, -m, extract]",
    "    args: [--source, \"${{ inputs.source }}\", --out, \"${{ outputs.uri }}\", --score, \"${{ outputs.score }}\"]",
    "    inputs: {source: string}",
    "    outputs: {uri: string, score: float}",
    "  transform:",
    "    command: [python, -m, transform]",
    "    args: [--in, \"${{ inputs.uri }}\", --shard, \"${{ inputs.shard }}\", --out, \"${{ outputs.result }}\"]",
    "    inputs: {uri: string, shard: {type: int, default: 0}}",
    "    outputs: {result: string}",
    "tasks:",
]
for i in range(n):
    kind = i % 5
    if i == 0 or kind == 0:
        src = '"${{ params.dataset }}"' if i == 0 else f'"${{{{ tasks.t{i-5}.outputs.uri }}}}"'
        out.append(f"  t{i}: {{component: extract, with: {{source: {src}}}}}")
    elif kind == 3:
        prev = i - 1 - ((i - 1) % 5)
        out.append(f"  t{i}:")
        out.append("    component: transform")
        out.append("    foreach: {range: 4}")
        out.append("    parallelism: 2")
        out.append(f"    with: {{uri: \"${{{{ tasks.t{prev}.outputs.uri }}}}\", shard: \"${{{{ item }}}}\"}}")
    else:
        prev = i - 1 - ((i - 1) % 5)
        out.append(f"  t{i}:")
        out.append("    component: transform")
        out.append(f"    with: {{uri: \"${{{{ tasks.t{prev}.outputs.uri }}}}\"}}")
        if kind == 2:
            out.append(f"    when: ${{{{ tasks.t{prev}.outputs.score >= params.threshold }}}}")
        if kind == 4:
            out.append("    timeout: 1h")
out += [
    "finally:",
    "  report:",
    "    command: [python, -m, report]",
    "    args: [\"${{ pipeline.status }}\"]",
]
print("\n".join(out))
