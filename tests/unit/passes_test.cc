#include "passes/passes.h"
#include "passes/secrets.h"

#include <catch2/catch.hpp>

#include "driver/driver.h"

using namespace mlpc;

namespace {

std::vector<Diagnostic> Diags(const std::string& text, Target target = Target::Argo) {
  return Analyze("t.yaml", text, target)->sink.Sorted();
}

const char* kHead = "version: 1\nname: p\ndefaults: {image: alpine:3.20}\n";

}  // namespace

TEST_CASE("passes run in a fixed, documented order", "[passes]") {
  std::vector<std::string_view> names;
  for (const PassInfo& p : AllPasses()) names.push_back(p.name);
  REQUIRE(names.front() == "names");
  REQUIRE(names.back() == "lint");
  REQUIRE(names.size() == 13);
}

TEST_CASE("a cycle is reported once, with its path", "[passes]") {
  auto d = Diags(std::string(kHead) + R"(tasks:
  a: {command: [x], after: [c]}
  b: {command: [x], after: [a]}
  c: {command: [x], after: [b]}
)");
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].code == Code::E0307);
  REQUIRE(d[0].message == "dependency cycle: a -> b -> c -> a");
  REQUIRE(d[0].notes.size() == 2);
}

TEST_CASE("a task that reads its own output depends on itself", "[passes]") {
  auto d = Diags(std::string(kHead) + R"(tasks:
  a: {command: [x, "${{ tasks.a.outputs.o }}"], outputs: {o: string}}
)");
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].message == "task `a` depends on itself");
}

TEST_CASE("type errors name both types and both places", "[passes]") {
  auto d = Diags(std::string(kHead) + R"(components:
  c: {command: [x], inputs: {n: int}, outputs: {m: model}}
tasks:
  a: {component: c, with: {n: 1}}
  b: {component: c, with: {n: "${{ tasks.a.outputs.m }}"}}
)");
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].code == Code::E0401);
  REQUIRE(d[0].message == "input `n` of task `b` is int, but `tasks.a.outputs.m` is model");
  REQUIRE(d[0].notes.at(0).span.line == 5);
}

TEST_CASE("conditions are type-checked", "[passes]") {
  auto d = Diags(std::string(kHead) + R"(params: {deploy: {type: bool, default: false}}
tasks:
  a: {command: [x], when: "${{ params.deploy == 0.9 }}"}
)");
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].code == Code::E0404);
  REQUIRE(d[0].message == "`==` compares bool `params.deploy` with number `0.9`");
}

TEST_CASE("lint finds unpinned images, literal secrets, unused params, GPUs without memory", "[passes]") {
  auto d = Diags(R"(version: 1
name: p
params: {unused: {type: string, default: x}}
tasks:
  a:
    image: python:latest
    command: [x]
    env: {DB_PASSWORD: hunter2}
    resources: {gpu: 1}
)");
  std::vector<Code> codes;
  for (const auto& x : d) codes.push_back(x.code);
  REQUIRE(codes == std::vector<Code>{Code::W0103, Code::W0101, Code::W0102, Code::W0104});
}

TEST_CASE("capability checks run for their target only", "[passes]") {
  std::string spec = std::string(kHead) + R"(components:
  c: {command: [x], inputs: {d: dataset}, outputs: {o: string}}
  p: {command: [x], outputs: {d: dataset}}
tasks:
  a: {component: p}
  b: {component: c, with: {d: "${{ tasks.a.outputs.d }}"}, cache: true}
)";
  auto argo = Diags(spec, Target::Argo);
  REQUIRE(argo.size() == 1);
  REQUIRE(argo[0].code == Code::E0502);
  auto none = Diags(spec, Target::None);
  REQUIRE(none.empty());
}

TEST_CASE("secret shapes are found at full length and word boundaries only", "[passes]") {
  struct Case {
    std::string value;
    std::string_view shape;
  };
  // Every token here is made up.
  for (const Case& c : std::vector<Case>{
           {"AKIAABCDEFGHIJKLMNOP", "an AWS access key id"},
           {"id=ASIA0123456789ABCDEF;", "an AWS access key id"},
           {"ghp_0123456789abcdefghijABCDEFGHIJ012345", "a GitHub token"},
           {"token: gho_0123456789abcdefghijABCDEFGHIJ012345", "a GitHub token"},
           {"github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "a GitHub token"},
           {"xoxb-1234567890-abcdefghij", "a Slack token"},
           {"xoxp-1234567890-1234567890", "a Slack token"},
           {"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\n", "a private key"},
           {"postgres://etl:s3cr3t@db.internal:5432/dw", "a URL with a password"},
           {"amqp://guest:guest@rabbit/", "a URL with a password"},
           {"AIzaSyA0123456789abcdefghijABCDEFGHIJ_-", "a Google API key"},
           {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I2PSe2aCbRxAuI",
            "a JSON web token"},
           {"sk-proj-0123456789abcdefghijABCDEFGHIJklmnop", "an API key"},
           {"sk-ant-api03-0123456789abcdefghijABCDEFGHIJklmnop", "an API key"},
       }) {
    INFO(c.value);
    REQUIRE(SecretShape(c.value) == c.shape);
  }
  // Near misses: what pipelines hold all the time.
  for (const std::string s : {
           "123e4567-e89b-12d3-a456-426614174000",                                            // a UUID
           "python:3.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",  // a digest
           "s3://bucket/key", "gs://models/fraud/v3", "postgres://host/db", "postgres://user@host/db",
           "postgres://user:@host/db", "postgres://etl:${{ params.pw }}@db/dw", "mysql://app:$(DB_PASSWORD)@db/x",
           "https://github.com/o/r@v1.2", "user:pass@host",                        // no scheme
           "highp_0123456789abcdefghijABCDEFGHIJ012345", "xghp_0123456789abcdefghijABCDEFGHIJ0123",  // ghp inside a word
           "ghp_short", "AKIAABCDEFGHIJKLMNO", "AKIAABCDEFGHIJKLMNOPQ", "MYAKIAABCDEFGHIJKLMNOP",  // wrong lengths
           "xoxb-short", "sk-learn-pipeline", "risk-0123456789abcdefghijABCDEFGHIJklmnop",  // sk- inside a word
           "sk-this-is-a-long-but-plain-sentence-here", "eyJhbGciOiJIUzI1NiJ9", "eyJ.eyJ.x",
           "-----BEGIN CERTIFICATE-----", "-----BEGIN PUBLIC KEY-----", "AIzaShort", "hunter2", "",
       }) {
    INFO(s);
    REQUIRE(SecretShape(s).empty());
  }
}

TEST_CASE("secret names hold a credential; names that name or measure one do not", "[passes]") {
  for (std::string_view n : {"DB_PASSWORD", "passwd", "api_key", "apiKey", "API-KEY", "APIKEY", "GITHUB_TOKEN",
                             "githubToken", "AUTHTOKEN", "client_secret", "SECRET", "AWS_SECRET_ACCESS_KEY",
                             "private_key", "aws_access_key", "credentials", "gcp.credential", "DBPASSWORD"}) {
    INFO(n);
    REQUIRE(SecretName(n));
  }
  for (std::string_view n : {"max_tokens", "tokenizer", "TOKENIZERS_PARALLELISM", "secret_name", "PASSWORD_FILE",
                             "token_path", "api_key_env", "secret_key_ref", "token_url", "LOG_LEVEL", "keyboard",
                             "primary_key", "sort_key", "credential_id", "", "secretive_mode_enabled"}) {
    INFO(n);
    REQUIRE(!SecretName(n));
  }
}

TEST_CASE("one_of names the branches that can run together, and the types that differ", "[passes]") {
  const std::string tasks = std::string(kHead) + R"(params: {a: {type: bool, default: true}, b: {type: bool, default: true}}
tasks:
  x: {command: [x], outputs: {m: string, n: float}, when: "${{ params.a }}"}
  y: {command: [x], outputs: {m: string, n: string}, when: "${{ params.b && params.a }}"}
  z: {command: [x], outputs: {m: string}}
  w: {command: [x], outputs: {m: string}, when: "${{ params.b }}"}
)";
  auto d = Diags(tasks + R"(outputs:
  o: {one_of: ["${{ tasks.x.outputs.m }}", "${{ tasks.y.outputs.m }}"]}
  p: {one_of: ["${{ tasks.w.outputs.m }}", "${{ tasks.z.outputs.m }}"]}
  q: {one_of: ["${{ tasks.x.outputs.n }}", "${{ tasks.w.outputs.m }}"]}
)");
  REQUIRE(d.size() == 3);
  REQUIRE(d[0].code == Code::E0315);
  REQUIRE(d[0].message ==
          "`one_of` of output `o` needs branches that exclude each other, but whenever `y` runs, `x` runs too: its "
          "`when` is part of `y`'s");
  REQUIRE(d[1].code == Code::E0315);
  REQUIRE(d[1].message ==
          "`one_of` of output `p` needs branches that exclude each other, but `z` has no `when`, so it runs "
          "whenever `w` does");
  REQUIRE(d[2].code == Code::E0401);
  REQUIRE(d[2].message ==
          "`one_of` of output `q` mixes types: `tasks.x.outputs.n` is float, but `tasks.w.outputs.m` is string");
  // Conditions that cannot be compared are accepted: `a` and `b` are different params.
  REQUIRE(Diags(tasks + "outputs:\n  o: {one_of: [\"${{ tasks.x.outputs.m }}\", \"${{ tasks.w.outputs.m }}\"]}\n")
              .empty());
}
