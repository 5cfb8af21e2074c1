/**
 * The frame of every HTML page: language, viewport, the inlined stylesheet, a skip link, the site
 * navigation (with the current page marked for screen readers) and one <main>.
 *
 * @example
 *   return htmlPage(c, <Layout title="Monitors" current="monitors"><h1>Monitors</h1></Layout>);
 */
import type { Context } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { PAGE_CSS } from './styles.js';

export type Section = 'monitors' | 'models' | 'score' | 'docs';

const NAV: { section: Section; href: string; label: string }[] = [
  { section: 'monitors', href: '/', label: 'Monitors' },
  { section: 'models', href: '/models', label: 'Models' },
  { section: 'score', href: '/score', label: 'Score a file' },
  { section: 'docs', href: '/docs', label: 'API' },
];

export interface LayoutProps {
  title: string;
  description?: string;
  current?: Section;
  /** Module scripts of this page (served from /static/). */
  scripts?: string[];
  children?: Child;
}

export const Layout: FC<LayoutProps> = ({ title, description, current, scripts = [], children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · dreamwatch`}</title>
      {description && <meta name="description" content={description} />}
      {/* No favicon request: the pages stay one HTML response plus what they name. */}
      <link rel="icon" href="data:," />
      <style dangerouslySetInnerHTML={{ __html: PAGE_CSS }} />
      {scripts.map((src) => (
        <script type="module" src={src} />
      ))}
    </head>
    <body>
      <a class="skip-link" href="#content">
        Skip to content
      </a>
      <header class="site">
        <div class="bar">
          <a class="brand" href="/">
            dreamwatch
          </a>
          <nav aria-label="Site">
            <ul>
              {NAV.map((item) => (
                <li>
                  <a href={item.href} aria-current={item.section === current ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="content">{children}</main>
    </body>
  </html>
);

/** Renders a page element as a complete HTML document. */
export async function htmlPage(c: Context, page: { toString(): string | Promise<string> }, status: 200 | 404 = 200): Promise<Response> {
  const body = `<!DOCTYPE html>${await page.toString()}`;
  return c.html(body, status, { 'cache-control': 'no-store' });
}

/** A page for an unknown monitor or model, in the same frame, with a way back. */
export const NotFound: FC<{ what: string; back: { href: string; label: string }; current?: Section }> = ({ what, back, current }) => (
  <Layout title="Not found" current={current}>
    <h1>Not found</h1>
    <p>{what}</p>
    <p>
      <a href={back.href}>{back.label}</a>
    </p>
  </Layout>
);
