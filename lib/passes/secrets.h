// What a secret written into a spec looks like, by its name or by its value: for W0102,
// which finds the credentials a pull request would otherwise commit in plain text.
#pragma once

#include <string_view>

namespace mlpc {

// Whether a name (an env variable, param, input, output or map key) says that its value
// is a credential: `DB_PASSWORD`, `api_key`, `githubToken`; not `max_tokens`,
// `tokenizer` or `secret_name`, which name or size one.
bool SecretName(std::string_view name);

// The kind of credential `value` holds somewhere, by its shape ("a GitHub token"), or
// empty when none: AWS access key ids, GitHub, Slack, Google API and `sk-` keys, JWTs,
// private key blocks, and URLs with a password (`scheme://user:pass@host`).
std::string_view SecretShape(std::string_view value);

}  // namespace mlpc
