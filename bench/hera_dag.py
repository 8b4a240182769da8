#!/usr/bin/python3
"""The DAG of bench/gen.py built with Hera (Argo Workflows' Python SDK) and written as
YAML to stdout: the peer for `mlpc compile --target argo` on the same pipeline. The same
two templates with their inputs, outputs, retry and resources; the same tasks, arguments,
dependencies, conditions (`when`), loops (`withSequence`), and the finally task as the
exit handler. bench/run.sh measures it beside mlpc.

    hera_dag.py N HERA_SITE > workflow.yaml
"""
import sys
import warnings

n = int(sys.argv[1])
sys.path.insert(0, sys.argv[2])
warnings.filterwarnings("ignore")
from hera.workflows import DAG, Container, Parameter, RetryStrategy, Workflow  # noqa: E402
from hera.workflows import models as m  # noqa: E402

image = "ghcr.io/acme/bench:1.0.0"
retry = RetryStrategy(limit=2, retry_policy="OnFailure", backoff=m.Backoff(duration="10", factor=2))
resources = m.ResourceRequirements(requests={"cpu": "500m", "memory": "1Gi"}, limits={"memory": "1Gi"})


def out(name):
    return Parameter(name=name, value_from=m.ValueFrom(path=f"/tmp/outputs/{name}"))


with Workflow(generate_name=f"bench-{n}-", entrypoint="main", on_exit="exit-handler",
              arguments=[Parameter(name="dataset", value="s3://bench/data"),
                         Parameter(name="threshold", value="0.8")]) as w:
    extract = Container(name="extract", image=image, command=["python", "-m", "extract"],
                        args=["--source", "{{inputs.parameters.source}}", "--out", "/tmp/outputs/uri",
                              "--score", "/tmp/outputs/score"],
                        inputs=[Parameter(name="source")], outputs=[out("uri"), out("score")],
                        retry_strategy=retry, resources=resources)
    transform = Container(name="transform", image=image, command=["python", "-m", "transform"],
                          args=["--in", "{{inputs.parameters.uri}}", "--shard", "{{inputs.parameters.shard}}",
                                "--out", "/tmp/outputs/result"],
                          inputs=[Parameter(name="uri"), Parameter(name="shard", default="0")],
                          outputs=[out("result")], retry_strategy=retry, resources=resources)
    transform_timeout = Container(name="transform-timeout", image=image, command=["python", "-m", "transform"],
                                  args=["--in", "{{inputs.parameters.uri}}", "--shard",
                                        "{{inputs.parameters.shard}}", "--out", "/tmp/outputs/result"],
                                  inputs=[Parameter(name="uri"), Parameter(name="shard", default="0")],
                                  outputs=[out("result")], retry_strategy=retry, resources=resources,
                                  active_deadline_seconds=3600)
    report = Container(name="report", image=image, command=["python", "-m", "report"],
                       args=["{{workflow.status}}"], retry_strategy=retry, resources=resources)
    with DAG(name="main"):
        for i in range(n):
            kind = i % 5
            if i == 0 or kind == 0:
                src = "{{workflow.parameters.dataset}}" if i == 0 else f"{{{{tasks.t{i - 5}.outputs.parameters.uri}}}}"
                extract(name=f"t{i}", arguments={"source": src}, depends=None if i == 0 else f"t{i - 5}")
                continue
            prev = i - 1 - ((i - 1) % 5)
            uri = f"{{{{tasks.t{prev}.outputs.parameters.uri}}}}"
            if kind == 3:
                transform(name=f"t{i}", arguments={"uri": uri, "shard": "{{item}}"}, depends=f"t{prev}",
                          with_sequence=m.Sequence(count="4"))
            elif kind == 2:
                transform(name=f"t{i}", arguments={"uri": uri}, depends=f"t{prev}",
                          when=f"{{{{tasks.t{prev}.outputs.parameters.score}}}} >= {{{{workflow.parameters.threshold}}}}")
            elif kind == 4:
                transform_timeout(name=f"t{i}", arguments={"uri": uri}, depends=f"t{prev}")
            else:
                transform(name=f"t{i}", arguments={"uri": uri}, depends=f"t{prev}")
    with DAG(name="exit-handler"):
        report(name="report")

sys.stdout.write(w.to_yaml())
