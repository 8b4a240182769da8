#!/usr/bin/env python3
"""Escaping property test: random hostile strings in a spec come out exactly.

    escaping.py MLPC [ROUNDS] [SEED]

Each round writes a spec whose pipeline description, annotations, param defaults, task
args and env values are random strings built from the characters that break YAML, JSON,
shells and template engines (quotes, backslashes, newlines, tabs, unicode, `: `, `#`,
leading `*`, `&`, `!`, `---`, `{{`, `${{`-lookalikes, DEL, C1 controls), compiles it for
Argo and for KFP, parses the outputs back (KFP JSON with a JSON and with a YAML reader, and
KFP YAML), and checks that every string arrived unchanged. Strings with
`{{` are expected to be refused on Argo (E0506: Argo would read them as its own template
syntax) and are checked on KFP only, unless they hold `{{$`, which KFP's launcher would
substitute (E0508); `$${{` is the spec's escape for a literal `${{`.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import yaml

PIECES = ['"', "'", '\\', '\n', '\t', ' ', '  ', ': ', ' #', '#', '*', '&', '!', '---', '...', '- ', '? ',
          '%', '@', '`', '|', '>', '[', ']', '{', '}', ',', 'é', 'ß', '日本', '🙂', '\u00a0', '\u2028',
          'true', 'null', '0x1F', '1e3', '~', '$', '${', '$${{ not.a.ref }}', '{{', '}}', 'a', 'Z', '9',
          # DEL and C1 controls: JSON may hold them raw, YAML readers refuse them raw (or, NEL,
          # read it as a line break), so the writers must escape them.
          '\x7f', '\x80', '\x85', '\x9b', '\x9f']
LEADING = ['*', '&', '!', '---', '- ', '? ', '%', '@', '#', '|', '>', '"', "'", ' ', '\t']


def random_text(rng, allow_braces):
    parts = [rng.choice(LEADING)] if rng.random() < 0.5 else []
    parts += [rng.choice(PIECES) for _ in range(rng.randint(1, 12))]
    text = ''.join(parts)
    if not allow_braces:
        text = text.replace('{{', '{ {').replace('}}', '} }')
    # Only the deliberate `$${{` escapes may hold `${{`: pieces that happen to join into a
    # reference are split, and no `$` stands right before an escape.
    text = text.replace('$${{', '\0').replace('${{', '$ {{').replace('\0', '$${{')
    while '$$${{' in text:
        text = text.replace('$$${{', '$ $${{')
    return text


def expected(text):
    """What the spec's text means: `$${{` is a literal `${{`."""
    return text.replace('$${{', '${{')


def spec_for(values):
    return {
        'version': 1,
        'name': 'escaping',
        'description': values['description'],
        'annotations': {'note': values['annotation']},
        'params': {'text': {'type': 'string', 'default': values['default']}},
        'tasks': {'echo': {
            'image': 'alpine:3.20',
            'command': ['printf', '%s', values['arg'], '${{ params.text }}'],
            'env': {'VALUE': values['env']},
        }},
    }


def compile_spec(mlpc, path, target, fmt=None):
    """`fmt`: None (the default output), or extra options such as ['--emit', 'run-request']."""
    proc = subprocess.run([mlpc, 'compile', path, '--target', target] + (fmt or []), capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def argo_values(out):
    (wf,) = list(yaml.safe_load_all(out))
    tmpl = next(t for t in wf['spec']['templates'] if t['name'] != 'main')
    ctr = tmpl['container']
    return {
        'description': wf['metadata']['annotations']['workflows.argoproj.io/description'],
        'annotation': wf['metadata']['annotations']['note'],
        'default': wf['spec']['arguments']['parameters'][0]['value'],
        'arg': ctr['args'][1] if 'args' in ctr else ctr['command'][2],
        'env': next(e['value'] for e in ctr['env'] if e['name'] == 'VALUE'),
    }


def kfp_values(out, load=json.loads):
    doc = load(out)
    spec = doc.get('pipeline_spec', doc)
    platform = doc.get('platform_spec', {})
    (executor,) = spec['deploymentSpec']['executors'].values()
    ctr = executor['container']
    pod = next(iter(platform['platforms']['kubernetes']['deploymentSpec']['executors'].values()))
    return {
        'description': spec['pipelineInfo'].get('description'),
        'annotation': pod['podMetadata']['annotations']['note'],
        'default': spec['root']['inputDefinitions']['parameters']['text']['defaultValue'],
        'arg': ctr['command'][2],
        'env': next(e['value'] for e in ctr['env'] if e['name'] == 'VALUE'),
    }


def kfp_yaml(out):
    """KFP YAML as the SDK writes it: the PipelineSpec, then the PlatformSpec when there is one."""
    docs = list(yaml.safe_load_all(out))
    return {'pipeline_spec': docs[0], 'platform_spec': docs[1]} if len(docs) == 2 else docs[0]


def main():
    mlpc = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261124
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix='mlpc-escaping-')
    failures = checked = refused = 0
    for i in range(rounds):
        braces = rng.random() < 0.25
        values = dict((k, random_text(rng, braces and k in ('arg', 'env', 'default')))
                      for k in ('description', 'annotation', 'default', 'arg', 'env'))
        path = os.path.join(tmp, 'spec-%d.yaml' % i)
        # Written as JSON, which YAML 1.2 reads as flow style: PyYAML's emitter follows
        # YAML 1.1 and would fold U+2028 into a line break.
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(spec_for(values), f, ensure_ascii=False, indent=1)
        want = dict((k, expected(v)) for k, v in values.items())
        # A literal `{{` (also the one in an escaped `${{`) reaches Argo's templates.
        has_braces = any('{{' in want[k] for k in ('arg', 'env', 'default'))
        has_placeholder = any('{{$' in want[k] for k in ('arg', 'env', 'default'))
        # KFP's pipeline file is YAML, read as the SDK reads it. The run request is JSON, read
        # by JSON readers and, since JSON is YAML 1.2, by YAML readers too: both must read
        # the same text.
        request = ['--emit', 'run-request']
        readers = (('argo', None, argo_values), ('kfp', None, lambda out: kfp_values(out, kfp_yaml)),
                   ('kfp', request, kfp_values), ('kfp', request, lambda out: kfp_values(out, yaml.safe_load)))
        for target, fmt, read in readers:
            rc, out, err = compile_spec(mlpc, path, target, fmt)
            code = {'argo': 'E0506' if has_braces else None, 'kfp': 'E0508' if has_placeholder else None}[target]
            if code:
                if rc == 1 and code in err:
                    refused += 1
                    continue
                print('FAIL round %d %s: literal braces not refused with %s (rc %d)\n%s' % (i, target, code, rc, err))
                failures += 1
                continue
            if rc != 0:
                print('FAIL round %d %s: rc %d\n%s\nspec: %r' % (i, target, rc, err, values))
                failures += 1
                continue
            try:
                got = read(out)
            except (yaml.YAMLError, ValueError) as e:
                print('FAIL round %d %s %s: unreadable output: %s' % (i, target, fmt or 'default format',
                                                                      str(e).splitlines()[0]))
                failures += 1
                continue
            for key, value in want.items():
                checked += 1
                if got[key] != value:
                    print('FAIL round %d %s %s:\n  want %r\n  got  %r' % (i, target, key, value, got[key]))
                    failures += 1
    print('%d strings compared in %d rounds (seed %d), %d refusals of literal {{ (E0506) or {{$ (E0508)'
          % (checked, rounds, seed, refused))
    print('%d passed, %d failed' % (checked + refused, failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
