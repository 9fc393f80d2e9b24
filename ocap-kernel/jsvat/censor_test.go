package jsvat

import (
	"strings"
	"testing"
)

// censorCases evaluates generated sources in a Compartment and answers,
// for each, what SES's censor said (the rejection and its line) beside
// what SES's own patterns searched as before the patch of their search
// (internal/cmd/vatruntime) say it must.
const censorCases = `
(() => {
  let seed = 987654;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const html = /(?:<!--|-->)/g;
  const imp = /(^|[^.]|\.\.\.)\bimport(\s*(?:\(|\/[/*]))/g;
  const ev = /(^|[^.])\beval(\s*\()/g;
  const line = (src, pattern) => {
    const index = src.search(pattern);
    if (index < 0) return -1;
    return src.slice(0, index).split('\n').length + (src[index] === '\n' ? 1 : 0);
  };
  const expected = (src, withEval) => {
    // The compartment's own transform (direct eval, on unless turned off)
    // runs before the mandatory ones.
    for (const [pattern, code] of [...(withEval ? [[ev, 'SES_EVAL_REJECTED']] : []), [html, 'SES_HTML_COMMENT_REJECTED'], [imp, 'SES_IMPORT_REJECTED']]) {
      const n = line(src, pattern);
      if (n >= 0) return code + ':' + n;
    }
    return 'passed';
  };
  const actual = (src, withEval) => {
    try {
      new Compartment().evaluate(src, { __rejectSomeDirectEvalExpressions__: withEval });
      return 'passed';
    } catch (e) {
      const m = /at [^:]*:(\d+)\. \((SES_[A-Z_]+)\)/.exec(e.message);
      return m ? m[2] + ':' + m[1] : 'passed';
    }
  };
  const pieces = ['import', 'import', 'eval', '(', ' (', '.', '...', '..', ' ', '\n', '\t', '\u00a0', '\u2028', '/*', '//', '/', 'x', 'ximport', 'import_', '<!--', '-->', '<!-', '--', '>', '"', "'"];
  const sources = [
    'import("x")', ' import("x")', '\nimport("x")', 'a.import("x")', '...import("x")', '..import("x")',
    'x = 1;\n\n  import /* c */ ("x")', 'import //\n("x")', 'y\n<!-- z', 'a-->b', '1;\n2;\n3 --> 4',
    'eval("1")', 'a.eval("1")', '\neval ("1")', 'evaluate("1")', '/* import( */ 1', 'const s = "import(";',
    '', 'x', 'imp' + 'ort', 'importimport(',
  ];
  for (let i = 0; i < 1500; i++) {
    let src = '';
    const n = 1 + rand(12);
    for (let j = 0; j < n; j++) src += pieces[rand(pieces.length)];
    sources.push(src);
  }
  const report = [];
  for (const src of sources) {
    for (const withEval of [false, true]) {
      const want = expected(src, withEval), got = actual(src, withEval);
      if (want !== got) report.push(JSON.stringify(src) + (withEval ? ' (eval rejected)' : '') + ': got ' + got + ', want ' + want);
    }
  }
  return report.length + ' differ\n' + report.slice(0, 20).join('\n');
})()
`

// TestCensorSearchUnchanged: SES rejects the same sources, at the same
// lines, with its censoring patterns searched near their literals.
func TestCensorSearchUnchanged(t *testing.T) {
	r := newSortRealm(t)
	out, err := r.vm.Eval(censorCases, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s := out.(string); !strings.HasPrefix(s, "0 differ") {
		t.Fatal(s)
	}
}
