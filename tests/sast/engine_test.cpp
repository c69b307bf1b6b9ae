// vigil sast engine: taint across functions and modules, suppressions, fingerprints, baselines,
// parse errors and bad input, through the library API.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "sast/sast.h"
#include "support/test_support.h"

namespace vigil::sast {
namespace {

namespace fs = std::filesystem;
using vigil::testing::TempDir;
using vigil::testing::write_text;

Result run(const std::map<std::string, std::string>& src, Options opt = {}) {
  opt.threads = opt.threads ? opt.threads : 1;
  return analyse_sources(src, opt);
}

std::vector<std::string> where(const Result& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.file + ":" + std::to_string(f.line) + " " + f.rule);
  return out;
}
using Where = std::vector<std::string>;

// ---------- taint across functions ----------

TEST(SastTaint, ParameterOfAHelperReachesItsSink) {
  auto r = run({{"app.js", R"(const knex = require('knex')({})
function byName(name) {
  return knex.raw('SELECT * FROM users WHERE name = ' + name)
}
function byId(id) {
  return knex.raw('SELECT * FROM users WHERE id = ?', [id])
}
app.get('/u', (req, res) => {
  byName(req.query.name)
  byId(req.query.id)
})
)"}});
  EXPECT_EQ(where(r), (Where{"app.js:3 sql-injection"}));
}

TEST(SastTaint, HelperCalledWithConstantsOnlyReportsNothing) {
  auto r = run({{"app.js", R"(const knex = require('knex')({})
function byName(name) {
  return knex.raw('SELECT * FROM users WHERE name = ' + name)
}
app.get('/u', (req, res) => { byName('admin') })
)"}});
  EXPECT_TRUE(r.findings.empty()) << where(r).front();
}

TEST(SastTaint, ReturnValueOfAHelperCarriesTaint) {
  auto r = run({{"app.js", R"(const { exec } = require('child_process')
function command(file) { return 'gzip ' + file }
function clean(file) { return parseInt(file, 10) }
app.post('/zip', (req, res) => {
  exec(command(req.body.file))
  exec('gzip ' + clean(req.body.file))
})
)"}});
  EXPECT_EQ(where(r), (Where{"app.js:5 command-injection"}));
}

TEST(SastTaint, ThroughTwoLevelsOfHelpers) {
  auto r = run({{"app.js", R"(const fs = require('fs')
function read(p) { return fs.readFileSync(p) }
function load(name) { return read('/data/' + name) }
app.get('/f', (req, res) => res.json(load(req.params.name)))
)"}});
  EXPECT_EQ(where(r), (Where{"app.js:2 path-traversal"}));
}

// ---------- taint across modules ----------

TEST(SastTaint, CrossesCommonJsModules) {
  auto r = run({{"lib/db.js", R"(const pool = require('./pool')
module.exports.find = async function (id) {
  return pool.query(`SELECT * FROM t WHERE id = ${id}`)
}
)"},
                {"routes.js", R"(const db = require('./lib/db')
module.exports = (request, h) => db.find(request.params.id)
)"}});
  EXPECT_EQ(where(r), (Where{"lib/db.js:3 sql-injection"}));
}

TEST(SastTaint, CrossesEsModulesAndTypeScript) {
  auto r = run({{"src/run.ts", R"(import { execSync } from 'child_process'
export function runTool(arg: string): Buffer {
  return execSync('tool ' + arg)
}
)"},
                {"src/handler.ts", R"(import { runTool } from './run.js'
import type { Context } from 'koa'
export async function handle(ctx: Context) {
  ctx.body = runTool(ctx.request.body.name)
}
)"}});
  EXPECT_EQ(where(r), (Where{"src/run.ts:3 command-injection"}));
}

TEST(SastTaint, UnresolvedModuleIsNotFollowed) {
  // The helper lives in a file that is not part of the project: nothing can be said.
  auto r = run({{"routes.js", R"(const db = require('./missing')
module.exports = (request, h) => db.find(request.params.id)
)"}});
  EXPECT_TRUE(r.findings.empty());
}


// ---------- semantics found in the review of real code (docs/sast-review.md) ----------

TEST(SastTaint, LongCallChainAcrossFilesReachesTheFixpoint) {
  // handler -> a.step1 -> b.step2 -> c.step3 -> d.run (the sink): four rounds of summaries.
  auto r = run({{"d.js", "const cp = require('child_process')\nexports.run = (x) => cp.execSync(x)\n"},
                {"c.js", "const d = require('./d')\nexports.step3 = (x) => d.run('tar ' + x)\n"},
                {"b.js", "const c = require('./c')\nexports.step2 = (x) => c.step3(x)\n"},
                {"a.js", "const b = require('./b')\nexports.step1 = (x) => b.step2(x)\n"},
                {"h.js", "const a = require('./a')\nmodule.exports = (req, res) => a.step1(req.query.f)\n"}});
  EXPECT_EQ(where(r), (Where{"d.js:2 command-injection"}));
}

TEST(SastTaint, UrlsAndHeadersCannotForgeLogLinesButDecodedDataCan) {
  auto r = run({{"log.js", R"(module.exports = (request, h) => {
  logger.info(`${request.method} ${request.path} trace ${request.headers.traceid}`)
  const sig = JSON.parse(request.headers['fspiop-signature'])
  logger.debug(`signature ${sig.signature}`)
  logger.info('user ' + request.query.user)
  return h.continue
}
)"}});
  EXPECT_EQ(where(r), (Where{"log.js:4 log-injection", "log.js:5 log-injection"}));
}

TEST(SastTaint, KnexWhereIsNotAMongoQuery) {
  auto r = run({{"m.js", R"(module.exports = async (request) => {
  await Db.from('participant').query((builder) => builder.where({ name: request.payload.name }))
  await knex('users').where({ email: request.payload.email })
  await User.where({ email: request.payload.email })
}
)"}});
  EXPECT_EQ(where(r), (Where{"m.js:4 nosql-injection"}));
}

TEST(SastTaint, ContentHashComparisonIsNotATimingLeak) {
  auto r = run({{"t.js", R"(exports.dup = (record, generatedHash, request) => {
  const same = record.hash === generatedHash
  const ok = request.headers['x-signature'] === expectedSignature
  return same && ok
}
)"}});
  EXPECT_EQ(where(r), (Where{"t.js:3 timing-unsafe-comparison"}));
}

TEST(SastTaint, LexerTokensAndEnumMembersAreNotSecrets) {
  auto r = run({{"lex.js", R"(exports.scan = (token, firstToken, lastToken, openaiToken, Config) => {
  if (token === SyntaxKind.CommaToken) return 1
  if (node.kind === ts.SyntaxKind.CallSignature) return 2
  if (firstToken === lastToken) return 3
  if (openaiToken === given) return 4
  if (token === Config.API_TOKEN) return 5
  return 0
}
)"}});
  EXPECT_EQ(where(r), (Where{"lex.js:5 timing-unsafe-comparison", "lex.js:6 timing-unsafe-comparison"}));
}

TEST(SastSyntactic, CatastrophicRegexNeedsAmbiguousRepetition) {
  auto r = run({{"re.js", R"(const a = /^(a+)+$/
const b = /^(\w+\s?)*$/
const c = /^data:((?:\w+\/(?:(?!;).)+)?)((?:;[\w\W]*?[^;])*),(.+)$/
const d = /((([A-Za-z])+)=([0-9]+)([. 0-9]*)(,?))+/
const e = /^(\d+-)+x$/
const f = /^([a-z]+\.)+[a-z]{2,}$/
const g = /^(?:[a-z0-9-]+)*$/
const h = /[0-9](?=(?:[0-9]{3})+(?![0-9]))/g
const i = /(?:\s|\/\/.*|\/\*[^]*?\*\/)*/g
const j = /((a+)+y)/
const k = /(a+)+/
)"}});
  // h: {3} repeats a fixed count; i, k: a group that ends the pattern never backtracks
  EXPECT_EQ(where(r), (Where{"re.js:1 redos", "re.js:2 redos", "re.js:3 redos", "re.js:7 redos", "re.js:10 redos"}));
}

TEST(SastSyntactic, SecretNamesThatOnlyNameASecret) {
  auto r = run({{"s.js", R"(function rotate(secretName, passwordPolicy, apiKey) {
  logger.info('rotating ' + secretName + ' policy ' + passwordPolicy.version)
  logger.info('key ' + apiKey)
}
)"}});
  EXPECT_EQ(where(r), (Where{"s.js:3 cleartext-logging"}));
}

TEST(SastTaint, DirectoryEntriesAreNotArchiveEntries) {
  // fs.Dirent has .name and .path too; without an archive library in the module it is not zip slip.
  auto r = run({{"walk.js", R"(const fs = require('fs')
const path = require('path')
module.exports = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) fs.readFileSync(path.join(dir, entry.name))
  fs.statSync(entry.path)
}
)"}});
  EXPECT_TRUE(r.findings.empty()) << where(r).front();
}

TEST(SastTaint, AdmZipEntriesCarryArchiveNames) {
  auto r = run({{"z.js", R"(const AdmZip = require('adm-zip')
const fs = require('fs')
module.exports = (file, dest) => {
  for (const e of new AdmZip(file).getEntries()) fs.writeFileSync(dest + '/' + e.entryName, e.getData())
}
)"}});
  EXPECT_EQ(where(r), (Where{"z.js:4 zip-slip"}));
}


TEST(SastTaint, ConfiguredSourcesSinksAndSanitizers) {
  std::map<std::string, std::string> src = {{"consumer.js", R"(const runner = require('./runner')
module.exports.onMessage = async (message) => {
  const cmd = message.value.command
  runner.run(cmd)
  runner.run(cleanCommand(cmd))
  await db.query('DELETE FROM t WHERE id = ' + message.value.id)
}
)"}};
  EXPECT_TRUE(run(src).findings.empty());
  Options opt;
  opt.extra_sources = {"message.value"};
  opt.extra_sinks = {"command-injection:runner.run"};
  opt.extra_sanitizers = {"cleanCommand"};
  auto r = run(src, opt);
  EXPECT_EQ(where(r), (Where{"consumer.js:4 command-injection", "consumer.js:6 sql-injection"}));
  opt.disabled_rules = {"sql-injection"};
  r = run(src, opt);
  EXPECT_EQ(where(r), (Where{"consumer.js:4 command-injection"}));
  // A configured sink also applies when the callee is a function of the project.
  src["runner.js"] = "exports.run = (c) => c.trim()\n";
  r = run(src, opt);
  EXPECT_EQ(where(r), (Where{"consumer.js:4 command-injection"}));
}

// ---------- suppressions ----------

const char* kVuln = R"(const { exec } = require('child_process')
app.get('/x', (req, res) => {
  exec('ls ' + req.query.dir)
})
)";

std::string with_line(int line_no, const std::string& replacement) {
  std::string s = kVuln;
  std::vector<std::string> lines;
  std::stringstream ss(s);
  std::string l;
  while (std::getline(ss, l)) lines.push_back(l);
  lines[static_cast<std::size_t>(line_no - 1)] = replacement;
  std::string out;
  for (const auto& x : lines) out += x + "\n";
  return out;
}

TEST(SastSuppression, SameLineWithReason) {
  auto r = run({{"a.js", with_line(3, "  exec('ls ' + req.query.dir) // vigil-ignore command-injection: dir is checked by the gateway")}});
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.suppressed, 1u);
  EXPECT_TRUE(r.suppression_problems.empty());
}

TEST(SastSuppression, NextLineWithReason) {
  std::string src = kVuln;
  src.insert(src.find("  exec("), "  // vigil-ignore-next-line command-injection: internal tool, no user input in production\n");
  auto r = run({{"a.js", src}});
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.suppressed, 1u);
}

TEST(SastSuppression, WithoutReasonIsReportedAndNotApplied) {
  auto r = run({{"a.js", with_line(3, "  exec('ls ' + req.query.dir) // vigil-ignore command-injection")}});
  EXPECT_EQ(where(r), (Where{"a.js:3 command-injection"}));
  EXPECT_EQ(r.suppressed, 0u);
  ASSERT_EQ(r.suppression_problems.size(), 1u);
  EXPECT_EQ(r.suppression_problems[0].file, "a.js");
  EXPECT_EQ(r.suppression_problems[0].line, 3u);
  EXPECT_NE(r.suppression_problems[0].message.find("reason"), std::string::npos);
  // An empty reason after the colon is no reason either.
  r = run({{"a.js", with_line(3, "  exec('ls ' + req.query.dir) // vigil-ignore command-injection:   ")}});
  EXPECT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.suppression_problems.size(), 1u);
}

TEST(SastSuppression, OtherRuleOrOtherLineDoesNotSuppress) {
  auto r = run({{"a.js", with_line(3, "  exec('ls ' + req.query.dir) // vigil-ignore sql-injection: wrong rule")}});
  EXPECT_EQ(r.findings.size(), 1u);
  std::string src = kVuln;
  src.insert(0, "// vigil-ignore-next-line command-injection: applies to line 2 only\n");
  r = run({{"a.js", src}});
  EXPECT_EQ(where(r), (Where{"a.js:4 command-injection"}));
}

TEST(SastSuppression, ListOfRules) {
  auto r = run({{"a.js", R"(const crypto = require('crypto')
const h = crypto.createHash('md5'); const token = Math.random() // vigil-ignore weak-crypto, insecure-randomness: test fixture ids
)"}});
  EXPECT_TRUE(r.findings.empty()) << where(r).front();
  EXPECT_EQ(r.suppressed, 2u);
}

// ---------- fingerprints and baselines ----------

TEST(SastFingerprint, StableWhenLinesMove) {
  auto a = run({{"a.js", kVuln}});
  auto b = run({{"a.js", "// a comment\n\n'use strict'\n" + std::string(kVuln)}});
  ASSERT_EQ(a.findings.size(), 1u);
  ASSERT_EQ(b.findings.size(), 1u);
  EXPECT_NE(a.findings[0].line, b.findings[0].line);
  EXPECT_EQ(a.findings[0].fingerprint, b.findings[0].fingerprint);
  // A different file or rule gives a different fingerprint.
  auto c = run({{"b.js", kVuln}});
  EXPECT_NE(a.findings[0].fingerprint, c.findings[0].fingerprint);
}

TEST(SastFingerprint, TwoEqualSinksInOneFunctionDiffer) {
  auto r = run({{"a.js", R"(const { exec } = require('child_process')
app.get('/x', (req, res) => {
  exec('ls ' + req.query.dir)
  exec('ls ' + req.query.dir)
})
)"}});
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_NE(r.findings[0].fingerprint, r.findings[1].fingerprint);
}

TEST(SastBaseline, JsonAndSarifResultsReadBack) {
  TempDir tmp;
  auto r = run({{"a.js", kVuln}});
  ASSERT_EQ(r.findings.size(), 1u);
  write_text(tmp / "base.json", write_json(r, "test"));
  write_text(tmp / "base.sarif", write_sarif(r, "test"));
  for (const char* name : {"base.json", "base.sarif"}) {
    auto b = read_baseline(tmp / name);
    ASSERT_TRUE(b.ok()) << b.error().to_string();
    EXPECT_EQ(*b, (std::set<std::string>{r.findings[0].fingerprint})) << name;
  }
}

TEST(SastBaseline, BadBaselinesAreErrors) {
  TempDir tmp;
  write_text(tmp / "bad.json", "{not json");
  write_text(tmp / "other.json", R"({"packages": []})");
  write_text(tmp / "nofp.json", R"({"findings": [{"rule": "xss"}]})");
  for (const char* name : {"bad.json", "other.json", "nofp.json", "missing.json"}) {
    auto b = read_baseline(tmp / name);
    ASSERT_FALSE(b.ok()) << name;
    EXPECT_NE(b.error().file.find(name), std::string::npos);
  }
}

// ---------- parse errors ----------

TEST(SastParse, ErrorIsReportedWithItsPlaceAndTheRestIsAnalysed) {
  auto r = run({{"broken.js", R"(const { exec } = require('child_process')
function ok() { return 1 }
const x = {a: 1,, b: }
app.get('/x', (req, res) => {
  exec('ls ' + req.query.dir)
})
)"}});
  ASSERT_FALSE(r.parse_errors.empty());
  EXPECT_EQ(r.parse_errors[0].file, "broken.js");
  EXPECT_EQ(r.parse_errors[0].line, 3u);
  EXPECT_GT(r.parse_errors[0].column, 0u);
  EXPECT_EQ(where(r), (Where{"broken.js:5 command-injection"}));
}

TEST(SastParse, TypeScriptAndTsxUseTheirGrammars) {
  auto r = run({{"a.ts", "const x: number = 1 as number\nexport function f<T>(a: T): T { return a }\n"},
                {"b.tsx", "export const C = (p: {n: string}) => <div>{p.n}</div>\n"},
                {"c.jsx", "export const D = () => <span/>\n"}});
  for (const auto& e : r.parse_errors) ADD_FAILURE() << e.to_string();
  EXPECT_EQ(r.files, 3u);
}


// Constructs met in real packages (TypeScript import-require, export =, declarations, module-level
// declarators without a value...): analysed without a crash, and taint still followed around them.
TEST(SastParse, UnusualSyntaxIsAnalysed) {
  auto r = run({{"a.mts", "import getAsyncFunction = require('.');\n\nexport default getAsyncFunction;\n"},
                {"b.ts", R"(import fs = require('fs')
export = handler
declare namespace handler { type T = string }
enum Mode { A = 1, B }
abstract class Base { abstract run(): void }
@Injectable() class Svc { constructor(private readonly db: Db) {} }
let x;
var y, z = 1;
export let w: number;
function handler(req: any, res: any) {
  fs.readFileSync(req.query.file as string)
}
)"},
                {"c.js", "let a;\nexport default a;\nexport { a as b };\nexport * from './a.mts';\nmodule.exports = new (class {})();\n"}});
  EXPECT_EQ(where(r), (Where{"b.ts:11 path-traversal"}));
  for (const auto& e : r.parse_errors) ADD_FAILURE() << e.to_string();
}

TEST(SastInput, DeclarationFilesAreSkipped) {
  TempDir tmp;
  write_text(tmp / "index.d.ts", "declare const a: string;\n");
  write_text(tmp / "index.d.mts", "import x = require('.');\nexport default x;\n");
  write_text(tmp / "index.mts", "export default 1;\n");
  auto r = analyse({tmp.path()}, Options{});
  EXPECT_EQ(r.files, 1u);
}

// ---------- bad input (files on disk) ----------

TEST(SastInput, BinaryFileIsAnErrorNamingTheFile) {
  TempDir tmp;
  write_text(tmp / "ok.js", "const a = 1\n");
  write_text(tmp / "blob.js", std::string("const a = 1\n\0\x01\x02garbage", 20));
  auto r = analyse({tmp.path()}, Options{});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, "blob.js");
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_NE(r.errors[0].message.find("binary"), std::string::npos) << r.errors[0].message;
}

TEST(SastInput, InvalidUtf8IsAnErrorWithItsPlace) {
  TempDir tmp;
  write_text(tmp / "latin1.js", "const a = 1\nconst name = 'Jos\xe9'\n");
  auto r = analyse({tmp.path()}, Options{});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, "latin1.js");
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_EQ(r.errors[0].column, 18u);
  EXPECT_NE(r.errors[0].message.find("UTF-8"), std::string::npos);
  // Valid multi-byte UTF-8 and a byte-order mark are fine.
  write_text(tmp / "latin1.js", "\xef\xbb\xbf" "const name = 'Jos\xc3\xa9 \xf0\x9f\x98\x80'\n");
  r = analyse({tmp.path()}, Options{});
  EXPECT_TRUE(r.errors.empty()) << r.errors.front().to_string();
}

TEST(SastInput, FileAboveTheSizeLimitIsAnError) {
  TempDir tmp;
  write_text(tmp / "big.js", std::string(5000, '\n') + "const a = 1\n");
  Options opt;
  opt.max_file_bytes = 4096;
  auto r = analyse({tmp.path()}, opt);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, "big.js");
  EXPECT_NE(r.errors[0].message.find("4096"), std::string::npos) << r.errors[0].message;
  opt.max_file_bytes = 1 << 20;
  r = analyse({tmp.path()}, opt);
  EXPECT_TRUE(r.errors.empty());
}

TEST(SastInput, UnreadableFileIsAnError) {
  TempDir tmp;
  if (geteuid() == 0) {
    // root reads everything; a file whose read fails with EIO stands in.
    fs::create_symlink("/proc/self/mem", tmp / "mem.js");
  } else {
    write_text(tmp / "mem.js", "const a = 1\n");
    fs::permissions(tmp / "mem.js", fs::perms::none);
  }
  auto r = analyse({tmp.path()}, Options{});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, "mem.js");
  EXPECT_NE(r.errors[0].message.find("cannot read"), std::string::npos);
}

TEST(SastInput, MissingPathAndNonSourceFile) {
  TempDir tmp;
  write_text(tmp / "notes.txt", "hello\n");
  auto r = analyse({tmp / "nope", tmp / "notes.txt"}, Options{});
  ASSERT_EQ(r.errors.size(), 2u);
}

// ---------- determinism ----------

TEST(SastOutput, SameResultOnOneThreadAndMany) {
  fs::path suite = vigil::testing::test_data() / "sast" / "suite";
  Options one;
  one.threads = 1;
  Options many;
  many.threads = 4;
  auto a = analyse({suite}, one);
  auto b = analyse({suite}, many);
  EXPECT_GT(a.findings.size(), 50u);
  EXPECT_EQ(write_json(a, "t"), write_json(b, "t"));
}

TEST(SastOutput, SecretsAreMaskedInEveryFormat) {
  auto r = run({{"a.js", "const dbPassword = 'Zx9!qLr72#mKp0vW'\nconst key = 'AKIAIOSFODNN7EXAMPLF'\n"}});
  ASSERT_EQ(r.findings.size(), 2u);
  for (const std::string& out : {write_table(r), write_json(r, "t"), write_sarif(r, "t")}) {
    EXPECT_EQ(out.find("Zx9!qLr72#mKp0vW"), std::string::npos);
    EXPECT_EQ(out.find("AKIAIOSFODNN7EXAMPLF"), std::string::npos);
  }
}

}  // namespace
}  // namespace vigil::sast
