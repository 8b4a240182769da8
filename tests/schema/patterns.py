"""The regular expressions of schemas/mlpc-pipeline.schema.json, built from readable parts.

Each one restates a check of the compiler (file and function named in the comment) as an
ECMA-262 regular expression that Python's `re` reads the same way. The schema holds the
expanded strings; `check_schema.py` fails when a pattern there differs from the one built
here, so edit both together.
"""

# Whitespace as C's isspace() sees it (the expression lexer, istringstream >> for cron).
W = r"[ \t\n\v\f\r]"

# lib/passes/names.cc: pipeline, component, task and trigger names; params, inputs,
# outputs and pipeline outputs; environment variables.
DNS_NAME = r"^[a-z](?:[a-z0-9-]*[a-z0-9])?$"
IDENT_NAME = r"^[a-z][a-z0-9_]*$"
ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"

# lib/frontend/reader.cc ParseMetadataMap: Kubernetes qualified names (label, annotation
# and node-selector keys): an optional DNS-subdomain prefix of at most 253 characters and
# `/`, then a name of at most 63 characters; label values are such a name, or empty.
_K8S_NAME = r"[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?"
_DNS_LABEL = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"
QUALIFIED_NAME = rf"^(?:(?=[^/]{{1,253}}/){_DNS_LABEL}(?:\.{_DNS_LABEL})*/)?(?=[^/]{{1,63}}$){_K8S_NAME}$"
LABEL_VALUE = rf"^(?:(?=.{{1,63}}$){_K8S_NAME})?$"

# lib/ir/types.cc ParseType: KFP system artifacts beyond the named ones.
SYSTEM_TYPE = r"^system\.[A-Z][A-Za-z0-9]*$"

# lib/frontend/reader.cc Duration: ([0-9]+(s|m|h|d))+, longer than zero (a non-zero digit).
DURATION = r"^(?=[\s\S]*[1-9])(?:[0-9]+[smhd])+$"
NO_REF = r"^(?:\$\$\{\{|(?!\$\{\{)[\s\S])*$"
DURATION_OR_ZERO = r"^(?:[0-9]+[smhd])+$"

# lib/frontend/reader.cc Quantity.
QUANTITY = r"^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e[0-9]+)?$"

# lib/frontend/parse_spec.cc ParseKfp: `kfp.host` is an http:// or https:// URL; so is
# `kfp.ui` when not empty.
URL = r"^https?://"
URL_OR_EMPTY = r"^(?:https?://[\s\S]*)?$"

# lib/passes/values.cc: a time zone, when not empty.
TIMEZONE = r"^(?:[A-Za-z]+(?:/[A-Za-z0-9_+-]+)*)?$"

# lib/passes/triggers.cc EventPath: body, header, subject or metadata, then `.PATH` not
# ending in `.`, no `..`, no space, tab or newline.
EVENT_PATH = r"^(?![\s\S]*\.\.)(?:body|header|subject|metadata)(?:\.[^ \t\n]*[^ \t\n.])?$"

# lib/passes/triggers.cc DnsSubdomain: an EventSource name (and at most 253 characters).
EVENT_SOURCE = r"^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$"

# lib/passes/values.cc CronField: each field is `*` or a list of values or ranges, each with
# an optional /step; numbers (at most 4 digits) in the field's range; month and day of week
# also take three-character names (JAN, MON); no field is longer than 64 characters.
_NAME3 = r"(?![0-9]{3})[0-9A-Za-z]{3}"
_CRON_VALUES = {
    "minute": r"0{0,3}[0-9]|0{0,2}[1-5][0-9]",
    "hour": r"0{0,3}[0-9]|0{0,2}1[0-9]|0{0,2}2[0-3]",
    "day": r"0{0,3}[1-9]|0{0,2}[12][0-9]|0{0,2}3[01]",
    "month": r"0{0,3}[1-9]|0{0,2}1[0-2]|" + _NAME3,
    "weekday": r"0{0,3}[0-7]|" + _NAME3,
}


def _cron_field(values):
    v = f"(?:{values})"
    item = rf"(?:\*|{v}(?:-{v})?)(?:/[0-9]+)?"
    return f"{item}(?:,{item})*"


_CRON_MACRO = r"@(?:yearly|annually|monthly|weekly|daily|midnight|hourly)"
CRON = (rf"^(?![\s\S]*[^ \t\n\v\f\r]{{65}}){W}*(?:{_CRON_MACRO}|"
        + f"{W}+".join(_cron_field(_CRON_VALUES[f]) for f in ["minute", "hour", "day", "month", "weekday"])
        + rf"){W}*$")

# lib/frontend/expr.cc: identifiers are letters, digits, `_` and `-`, starting with a letter
# or `_`, not ending in `-`; `true` and `false` are literals, not references.
IDENT = r"[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?"
_NOT_BOOL = r"(?!(?:true|false)(?![A-Za-z0-9_-]))"
REF = rf"{_NOT_BOOL}{IDENT}(?:{W}*\.{W}*{IDENT})*"
# A reference may stand in parentheses, `${{ (params.a) }}`; whether they balance is not
# checked (they nest).
_PAREN_REF = rf"(?:\({W}*)*{REF}(?:{W}*\))*"

# lib/frontend/expr.cc ParseTemplate + lib/ir/lower/lower.cc LowerText: outside `when`, every
# `${{ }}` holds one reference; `$${{` is a literal `${{`; an unclosed `${{` is an error.
TEMPLATE = rf"^(?:\$\$\{{\{{|\$\{{\{{{W}*{_PAREN_REF}{W}*\}}\}}|(?!\$\{{\{{)[\s\S])*$"

# lib/frontend/parse_task.cc ParseForeach: exactly one `${{ reference }}`.
WHOLE_REF = rf"^\$\{{\{{{W}*{_PAREN_REF}{W}*\}}\}}$"

# lib/passes/types.cc: a pipeline output is one reference to a task output.
TASK_OUTPUT_REF = rf"^\$\{{\{{{W}*(?:\({W}*)*tasks(?![A-Za-z0-9_-])(?:{W}*\.{W}*{IDENT})*(?:{W}*\))*{W}*\}}\}}$"

# lib/frontend/expr.cc ExprParser, for `when`: one `${{ }}` (its body ends at the first
# `}}`). Without parentheses the grammar is checked in full; with parentheses (which nest,
# beyond a regular expression) only the tokens are.
_NUM = r"-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?(?![0-9.eE])"
_STR = r"'(?:\\[\s\S]|[^'\\])*'"
_BOOL = r"(?:true|false)(?![A-Za-z0-9_-])"
_PRIMARY = f"(?:{_NUM}|{_STR}|{_BOOL}|{REF})"
_UNARY = rf"(?:!{W}*)*{_PRIMARY}"
_CMP = r"(?:==|!=|<=|>=|<|>)"
_COMPARE = rf"{_UNARY}(?:{W}*{_CMP}{W}*{_UNARY})?"
_FLAT = rf"{W}*{_COMPARE}(?:{W}*(?:&&|\|\|){W}*{_COMPARE})*{W}*"
_TOKEN = rf"(?:{_NUM}|{_STR}|{_BOOL}|{REF}|==|!=|<=|>=|&&|\|\||<|>|!|\(|\))"
_TOKENS_WITH_PARENS = rf"{W}*(?:{_TOKEN}{W}*)*[()]{W}*(?:{_TOKEN}{W}*)*"
WHEN = rf"^\$\{{\{{(?=(?:[^}}]|\}}(?!\}}))*\}}\}}$)(?:{_FLAT}|{_TOKENS_WITH_PARENS})\}}\}}$"

# Where each pattern stands in the schema (JSON pointers, without the leading `#`).
PLACES = {
    "/$defs/template/pattern": TEMPLATE,
    "/$defs/value/pattern": TEMPLATE,
    "/$defs/literal/pattern": NO_REF,
    "/$defs/image/pattern": TEMPLATE,
    "/$defs/duration/pattern": DURATION,
    "/$defs/duration_or_zero/pattern": DURATION_OR_ZERO,
    "/$defs/quantity/pattern": QUANTITY,
    "/$defs/type/anyOf/1/pattern": SYSTEM_TYPE,
    "/$defs/when/pattern": WHEN,
    "/$defs/foreach/anyOf/2/pattern": WHOLE_REF,
    "/$defs/env/propertyNames/pattern": ENV_NAME,
    "/$defs/params/propertyNames/pattern": IDENT_NAME,
    "/$defs/inputs/propertyNames/pattern": IDENT_NAME,
    "/$defs/outputs/propertyNames/pattern": IDENT_NAME,
    "/$defs/tasks/propertyNames/pattern": DNS_NAME,
    "/$defs/finally/propertyNames/pattern": DNS_NAME,
    "/$defs/components/propertyNames/pattern": DNS_NAME,
    "/$defs/trigger/properties/name/pattern": DNS_NAME,
    "/$defs/event_path/pattern": EVENT_PATH,
    "/$defs/schedule/properties/cron/pattern": CRON,
    "/$defs/schedule/properties/timezone/pattern": TIMEZONE,
    "/$defs/kfp/properties/host/pattern": URL,
    "/$defs/trigger/properties/nats/properties/event_source/pattern": EVENT_SOURCE,
    "/$defs/kfp/properties/ui/pattern": URL_OR_EMPTY,
    "/properties/name/pattern": DNS_NAME,
    "/properties/outputs/propertyNames/pattern": IDENT_NAME,
    "/$defs/task_output_ref/pattern": TASK_OUTPUT_REF,
    "/$defs/volumes/items/properties/mount/pattern": "^/",
    "/$defs/labels/propertyNames/pattern": QUALIFIED_NAME,
    "/$defs/labels/additionalProperties/pattern": LABEL_VALUE,
    "/$defs/annotations/propertyNames/pattern": QUALIFIED_NAME,
}
