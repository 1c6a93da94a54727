"""Copy the repository's Markdown guides (and the files users copy) into the docs site's rst/ tree.

Each page keeps its links working on the site: a relative link to a file that is also a page of the site
becomes a link to that page; a link to any other file of the repository becomes a link to the file on the
repository's web page (galaxy.yml `repository`, branch main), and a link to a file that does not exist fails
the build. YAML files users copy (the AWX credential type, the job playbook, the examples) become pages that
show the file as it is, so the guides can link to them.

usage: python tools/docs_pages.py <repo> <rst dir>   (prints the site page names, one a line, for the toctree)
"""

import glob
import os
import posixpath
import re
import sys

import yaml

# (repository path, site page) for the Markdown guides; ordered as the site's table of contents lists them.
GUIDES = [
    ('README.md', 'readme.md'),
    ('docs/awx/README.md', 'awx/README.md'),
    ('docs/awx/inventory.md', 'awx/inventory.md'),
    ('docs/awx/approved-changes.md', 'awx/approved-changes.md'),
    ('roles/nat_default_route/README.md', 'roles/nat_default_route.md'),
    ('roles/vpn_default_route/README.md', 'roles/vpn_default_route.md'),
    ('docs/reliability.md', 'reliability.md'),
    ('docs/benchmarks.md', 'benchmarks.md'),
]
# Files shown as they are, each on a page of its own: (repository path or glob, title).
FILES = [
    ('docs/awx/credential_type.yml', 'AWX credential type "Baidu AI Cloud"'),
    ('docs/awx/playbooks/*.yml', 'AWX job template playbook'),
    ('docs/awx/execution-environment/tarball/execution-environment.yml', 'Execution environment from the tarball'),
    ('docs/awx/execution-environment/galaxy/execution-environment.yml', 'Execution environment from Galaxy'),
    ('docs/awx/approved_plans.py', 'Approved plans helper'),
    ('examples/*.yml', 'Example'),
]
LINK = re.compile(r'(\[[^\]]*\]\()([^)\s]+)(\))')


def repository_url(repo):
    with open(os.path.join(repo, 'galaxy.yml')) as handle:
        return yaml.safe_load(handle)['repository'].rstrip('/')


def expand(repo, pattern, target):
    """[(repository path, site page)] for one entry; a glob gives every match (possibly none)."""
    matches = sorted(glob.glob(os.path.join(repo, pattern))) if '*' in pattern else [os.path.join(repo, pattern)]
    pairs = []
    for path in matches:
        relative = os.path.relpath(path, repo).replace(os.sep, '/')
        pairs.append((relative, target + os.path.basename(relative) if target.endswith('/') else target))
    return pairs


def rewrite_links(text, source, pages, web):
    """Links of the page built from `source`, pointed at site pages or at the repository's web page."""
    page = pages[source]

    def one(match):
        target = match.group(2)
        if re.match(r'^[a-z][a-z0-9+.-]*:', target) or target.startswith('#'):
            return match.group(0)
        path, dummy, anchor = target.partition('#')
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if path.endswith('/') and resolved + '/README.md' in pages:
            resolved += '/README.md'
        if resolved in pages:
            link = posixpath.relpath(pages[resolved], posixpath.dirname(page) or '.')
            return match.group(1) + link + ('#' + anchor if anchor else '') + match.group(3)
        if not os.path.exists(os.path.join(REPO, resolved)):
            sys.exit('%s links to %s, which does not exist' % (source, target))
        kind = 'tree' if os.path.isdir(os.path.join(REPO, resolved)) else 'blob'
        return '%s%s/%s/main/%s%s' % (match.group(1), web, kind, resolved, match.group(3))

    # Code blocks are shown as they are: only the prose between them is rewritten.
    parts = re.split(r'(^```.*?^```)', text, flags=re.M | re.S)
    return ''.join(part if part.startswith('```') else LINK.sub(one, part) for part in parts)


def file_page(source, title):
    with open(os.path.join(REPO, source)) as handle:
        body = handle.read()
    language = 'yaml' if source.endswith(('.yml', '.yaml')) else 'text'
    return '# %s: `%s`\n\n```%s\n%s```\n' % (title, posixpath.basename(source), language, body)


def main(repo, rst):
    global REPO  # pylint: disable=global-statement
    REPO = repo
    web = repository_url(repo)
    guides = [pair for pattern, target in GUIDES for pair in expand(repo, pattern, target)]
    files = [(pair, title) for pattern, title in FILES for pair in expand(repo, pattern, '')]
    pages = dict(guides)
    for (source, dummy), title in files:
        pages[source] = posixpath.splitext(source.replace('docs/', '', 1))[0] + '.md'
    for source, page in guides:
        with open(os.path.join(repo, source)) as handle:
            text = rewrite_links(handle.read(), source, pages, web)
        if page.startswith('roles/'):
            # The role's own page (from its argument spec) has the role's name as its title already.
            text = re.sub(r'\A# (.*)\n', r'# \1 role: guide and example playbook\n', text)
        write(rst, page, text)
    for (source, dummy), title in files:
        write(rst, pages[source], file_page(source, title))
    order = [page for dummy, page in guides[:-2]] + [pages[s] for (s, d), t in files] + [p for d, p in guides[-2:]]
    print('\n'.join(posixpath.splitext(page)[0] for page in order))


def write(rst, page, text):
    path = os.path.join(rst, page)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as handle:
        handle.write(text)


REPO = None

if __name__ == '__main__':
    main(*sys.argv[1:])
