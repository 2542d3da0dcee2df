import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { Lexer, walkTokens, type Token } from 'marked';
import { describe, expect, it } from 'vitest';

// The README is a front page that links into docs/, and docs/ pages link to each other and to headings:
// a moved section or a renamed heading must fail here, not on GitHub. marked finds the links and
// headings as GitHub renders them (none inside code blocks or code spans); github-slugger makes
// GitHub's heading anchors (lower case, spaces to '-', punctuation dropped except '-' and '_',
// "-1", "-2" for repeated headings).

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface MarkdownFile {
  /** Absolute path. */
  readonly path: string;
  readonly text: string;
}

function tokensOf(text: string): Token[] {
  return new Lexer({ gfm: true }).lex(text);
}

/** The heading's text as GitHub renders it: code spans and link texts without their markup. */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      if ('tokens' in token && Array.isArray(token.tokens) && token.tokens.length > 0) {
        return plainText(token.tokens as Token[]);
      }
      return 'text' in token && typeof token.text === 'string' ? token.text : '';
    })
    .join('');
}

function headingAnchors(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  walkTokens(tokensOf(text), (token) => {
    if (token.type === 'heading') anchors.add(slugger.slug(plainText(token.tokens ?? [])));
  });
  return anchors;
}

function linkTargets(text: string): string[] {
  const hrefs: string[] = [];
  walkTokens(tokensOf(text), (token) => {
    if (token.type === 'link' || token.type === 'image') hrefs.push(token.href);
  });
  return hrefs;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Every relative link of `file` whose file does not exist, leaves the repository, or names a heading
 * its Markdown target does not have. `read` returns a Markdown file's text (undefined: no such file).
 */
function brokenLinks(
  file: MarkdownFile,
  repoRoot: string,
  exists: (path: string) => boolean,
  read: (path: string) => string | undefined,
): string[] {
  const problems: string[] = [];
  for (const href of linkTargets(file.text)) {
    if (SCHEME.test(href) || href.startsWith('//')) continue;
    const hashAt = href.indexOf('#');
    const pathPart = decodeURIComponent(hashAt < 0 ? href : href.slice(0, hashAt));
    const anchor = hashAt < 0 ? undefined : decodeURIComponent(href.slice(hashAt + 1));
    const target = pathPart === '' ? file.path : resolve(dirname(file.path), pathPart);
    if (relative(repoRoot, target).startsWith('..')) {
      problems.push(`${href}: leaves the repository`);
      continue;
    }
    if (!exists(target)) {
      problems.push(`${href}: no file ${relative(repoRoot, target)}`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    const targetText = target === file.path ? file.text : target.endsWith('.md') ? read(target) : undefined;
    if (targetText === undefined) {
      problems.push(`${href}: #${anchor} points into a file that is not Markdown`);
    } else if (!headingAnchors(targetText).has(anchor)) {
      problems.push(`${href}: no heading #${anchor} in ${relative(repoRoot, target)}`);
    }
  }
  return problems;
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

const docsDir = join(REPO_ROOT, 'docs');
const checkedFiles = [
  join(REPO_ROOT, 'README.md'),
  ...readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(docsDir, name)),
];

describe('links in README.md and docs/*.md', () => {
  it.each(checkedFiles.map((path) => [relative(REPO_ROOT, path), path]))(
    '%s: every relative link reaches a file and every #anchor a heading',
    (_name, path) => {
      const file = { path, text: readFileSync(path, 'utf8') };
      expect(brokenLinks(file, REPO_ROOT, existsSync, readIfExists)).toEqual([]);
    },
  );

  it('the README links to every page in docs/', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const linked = new Set(
      linkTargets(readme)
        .filter((href) => href.startsWith('docs/'))
        .map((href) => href.split('#')[0]),
    );
    const pages = checkedFiles.slice(1).map((path) => relative(REPO_ROOT, path));
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe('the link checker', () => {
  const root = '/repo';
  const files: Record<string, string> = {
    '/repo/README.md': '# Top\n\n## Two words: here\n\n```\n## not a heading\n```\n',
    '/repo/docs/a.md': '# Page A\n\n## `/-/stats` additions\n\n## Repeated\n\n## Repeated\n',
  };
  const exists = (path: string): boolean => path in files || path === '/repo/docs';
  const read = (path: string): string | undefined => files[path];
  const check = (path: string, text: string): string[] => brokenLinks({ path, text }, root, exists, read);

  it('makes the anchors GitHub makes', () => {
    expect([...headingAnchors(files['/repo/docs/a.md'] ?? '')]).toEqual([
      'page-a',
      '-stats-additions',
      'repeated',
      'repeated-1',
    ]);
    expect([...headingAnchors('## Containers: platform docker, compose files, platform external')]).toEqual([
      'containers-platform-docker-compose-files-platform-external',
    ]);
    expect([...headingAnchors('### Configuration per implementation × policy')]).toEqual([
      'configuration-per-implementation--policy',
    ]);
  });

  it('accepts links to existing files and headings', () => {
    const text = '[a](docs/a.md) [b](docs/a.md#repeated-1) [c](#two-words-here) [d](https://example.org/x#y) [e](docs/)';
    expect(check('/repo/README.md', `${files['/repo/README.md']}\n${text}\n`)).toEqual([]);
  });

  it('reports a missing file, a missing heading, a heading inside a code block and a link out of the repository', () => {
    const text = '[a](docs/b.md) [b](a.md#nope) [c](../README.md#not-a-heading) [d](../../etc/passwd)';
    expect(check('/repo/docs/a.md', text)).toEqual([
      'docs/b.md: no file docs/docs/b.md',
      'a.md#nope: no heading #nope in docs/a.md',
      '../README.md#not-a-heading: no heading #not-a-heading in README.md',
      '../../etc/passwd: leaves the repository',
    ]);
  });

  it('ignores links inside code spans and code blocks', () => {
    expect(check('/repo/README.md', '`[a](nowhere.md)`\n\n```\n[b](nowhere.md)\n```\n')).toEqual([]);
  });
});
