"""``glossator kb ...``: build, import, fetch, inspect and search the knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from glossator import paths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kb`` and its sub-commands."""
    kb = sub.add_parser("kb", help="the offline knowledge base of Wikipedia summaries")
    kb.add_argument("--kb", metavar="PATH", help="use only this knowledge base file")
    ksub = kb.add_subparsers(dest="kb_command", metavar="ACTION", required=True)

    p = ksub.add_parser("build-starter", help="build the starter pack from the Vital Articles")
    p.add_argument("--out", metavar="PATH",
                   help=f"where to write it (default: {paths.STARTER_KB_NAME} in resources/kb)")
    p.add_argument("--if-missing", action="store_true", help="do nothing if it already exists")
    p.set_defaults(func=cmd_build_starter)

    p = ksub.add_parser("import", help="import a JSON Lines or Kiwix ZIM file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--restart", action="store_true", help="start over instead of resuming")
    p.set_defaults(func=cmd_import)

    p = ksub.add_parser("attach", help="use a Kiwix ZIM in place (index its names, read its text "
                        "from the file)")
    p.add_argument("file", metavar="FILE.zim")
    p.add_argument("--no-index", action="store_true",
                   help="attach only; the names are indexed by a later attach or by the app")
    p.add_argument("--links", action="store_true",
                   help="then count the ZIM's internal links into name priors, p(article | "
                   "name), for the linker (a second pass over the articles; resumable)")
    p.add_argument("--recount", action="store_true",
                   help="with --links: count the link priors again although they are done "
                   "(the ones counted before are used until the new count is finished)")
    p.set_defaults(func=cmd_attach)

    p = ksub.add_parser("detach", help="stop using an attached ZIM (its index is removed, "
                        "the ZIM file is kept)")
    p.add_argument("which", metavar="FILE-or-ID")
    p.set_defaults(func=cmd_detach)

    p = ksub.add_parser("fetch", help="fill the knowledge base from Wikipedia (online)")
    p.add_argument("titles", nargs="*", metavar="TITLE")
    p.add_argument("--for", dest="for_file", metavar="FILE",
                   help="fetch the entities of this document that the knowledge base lacks")
    p.set_defaults(func=cmd_fetch)

    p = ksub.add_parser("stats", help="counts of articles and names")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = ksub.add_parser("search", help="full-text search")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = ksub.add_parser("show", help="show one article and what names point at it")
    p.add_argument("title", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = ksub.add_parser("lookup", help="the articles a (possibly misspelled) name may mean")
    p.add_argument("name", nargs="+")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(func=cmd_lookup)

    p = ksub.add_parser("reset", help="move your own knowledge base aside and start afresh")
    p.set_defaults(func=cmd_reset)


def _notice(message: str) -> None:
    print(f"glossator: {message}", file=sys.stderr)


def open_kb(args: argparse.Namespace, *, readonly: bool = False):
    """The knowledge base the command works on: ``--kb PATH`` alone, or both layers.

    Reading, a user file that cannot be read is set aside with a message and the
    starter pack is read instead; writing, it is refused with the reason.
    """
    from glossator.core.kb import KnowledgeBase

    if getattr(args, "kb", None):
        return KnowledgeBase.single(args.kb, readonly=readonly, on_notice=_notice)
    # Reading must not create the data folder (it may be on a read-only disk).
    return KnowledgeBase.open(paths.user_kb_path(create=not readonly), paths.starter_kb_path(),
                              readonly=readonly, on_notice=_notice)


def _bar(total: int, unit: str = "it"):
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, unit_scale=True, file=sys.stderr,
                disable=not sys.stderr.isatty() and None, dynamic_ncols=True)


def cmd_build_starter(args: argparse.Namespace) -> int:
    """Build the starter pack."""
    from glossator.core.kb.starter import build_starter

    out = Path(args.out) if args.out else paths.starter_kb_path()
    if args.if_missing and out.is_file():
        print(f"The starter knowledge base is already built: {out}")
        return 0
    with _bar(0, "articles") as bar:
        def progress(stats, total):
            bar.total = total
            bar.n = stats.processed
            bar.refresh()

        counts = build_starter(out, progress=progress)
    print(f"Built {out}: {counts['articles']:,} articles, {counts['aliases']:,} names "
          f"in {counts['seconds']:.1f} s ({counts['bytes'] / 1e6:.1f} MB).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a file into the writable knowledge base."""
    from glossator.core.kb.importers import import_file

    path = Path(args.file)
    with open_kb(args) as kb, _bar(path.stat().st_size if path.is_file() else 0, "B") as bar:
        def progress(stats, done, total):
            bar.n = done
            bar.set_postfix_str(stats.summary(), refresh=False)
            bar.refresh()

        stats = import_file(kb.writable, path, progress=progress, restart=args.restart)
    for err in stats.errors[:10]:
        print(f"  skipped {err}", file=sys.stderr)
    print(f"Imported {path.name}: {stats.summary()}.")
    return 0


def _zim_dir(args: argparse.Namespace) -> Path:
    from glossator.core.kb.zim_attach import index_dir_for

    if getattr(args, "kb", None):
        return index_dir_for(Path(args.kb))
    return index_dir_for(paths.user_kb_path(create=False))


def cmd_attach(args: argparse.Namespace) -> int:
    """Attach a ZIM and build (or go on building) its name index, with progress."""
    from glossator.core.kb.zim_attach import IndexJob, attach

    if args.recount and not args.links:
        print("glossator: --recount counts the link priors again; give it with --links.",
              file=sys.stderr)
        return 2
    found = attach(Path(args.file), _zim_dir(args))
    print(f"Attached {found.title}: {found.zim_path}.")
    print(f"  {found.attribution}")
    if args.no_index:
        print("Its names are indexed by `glossator kb attach` again, or by the app.")
        return 0
    with IndexJob(found.index_path) as job:
        if job.finished:
            print(f"Already indexed: {job.progress.line()}.")
            return _count_links(args, found) if args.links else 0
        if job.progress.position:
            print(f"Going on from entry {job.progress.position:,}.")
        with _bar(job.progress.entries, "entries") as bar:
            def progress(p):
                bar.n = p.position
                bar.set_postfix_str(f"{p.names:,} names", refresh=False)
                bar.refresh()

            try:
                # A second process derives names while this one reads and writes.
                final = job.run(progress, workers=1 if job.progress.entries > 100_000 else 0)
            except KeyboardInterrupt:
                print(f"Stopped at {job.progress.line()}. What is indexed is used; "
                      f"`glossator kb attach {args.file}` goes on from there.", file=sys.stderr)
                return 130
    for err in final.errors[:10]:
        print(f"  skipped {err}", file=sys.stderr)
    print(f"Indexed {found.title}: {final.articles:,} articles, {final.names:,} names "
          f"in {final.seconds:.1f} s.")
    return _count_links(args, found) if args.links else 0


def _count_links(args: argparse.Namespace, found) -> int:
    """Count an attached ZIM's links into name priors (``link_priors.LinkJob``)."""
    from glossator.core.kb.link_priors import LinkJob, counted

    with LinkJob(found.index_path, recount=args.recount) as job:
        if job.finished:
            print(f"Link priors already counted: {job.progress.line()}. "
                  f"`glossator kb attach {args.file} --links --recount` counts them again.")
            return 0
        again = job.meta.get("links_recount") == "1"
        if job.progress.position or job.progress.phase == "finishing":
            print(f"Link priors{' (counted again)' if again else ''}: going on from entry "
                  f"{job.progress.position:,}.")
        elif again:
            print("Counting the link priors again; the ones counted before are used until "
                  "the new count is finished.")
        with _bar(job.progress.entries, "entries") as bar:
            def progress(p):
                bar.n = min(p.position, bar.total or p.position)
                bar.set_postfix_str(f"{p.links:,} links", refresh=False)
                bar.refresh()

            try:
                # Two processes read and parse pages while this one writes the counts.
                final = job.run(progress, workers=2 if job.progress.entries > 20_000 else 0)
            except KeyboardInterrupt:
                kept = (" The link priors counted before are still used."
                        if job.meta.get("links_recount") == "1" else "")
                print(f"Stopped counting links at {job.progress.line()}.{kept} "
                      f"`glossator kb attach {args.file} --links` goes on from there.",
                      file=sys.stderr)
                return 130
    for err in final.errors[:10]:
        print(f"  skipped {err}", file=sys.stderr)
    print(f"Link priors of {found.title}: {counted(final.links, 'link')} in "
          f"{counted(final.articles, 'article')}, {counted(final.names, 'name')}, "
          f"{counted(final.pairs, 'name-article pair')} kept, "
          f"in {final.seconds:.1f} s.")
    return 0


def cmd_detach(args: argparse.Namespace) -> int:
    """Remove an attached ZIM's index; the ZIM file itself is never touched."""
    from glossator.core.kb.zim_attach import detach

    gone = detach(args.which, _zim_dir(args))
    print(f"Detached {gone.title}: its index {gone.index_path.name} is removed; "
          f"{gone.zim_path} is kept.")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    """Fetch summaries from Wikipedia (implemented in glossator.core.kb.online)."""
    from glossator.core.kb.online import run_fetch_command

    with open_kb(args) as kb:
        return run_fetch_command(kb, args.titles, args.for_file)


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the counts of each layer and each attached ZIM."""
    from glossator.core.kb.zim_attach import list_attached

    with open_kb(args, readonly=True) as kb:
        stats = kb.stats()
    attached = list_attached(_zim_dir(args))
    if args.json:
        print(json.dumps({**stats, "attached": [a.as_dict() for a in attached]}, indent=2,
                         ensure_ascii=False))
        return 0
    for name, s in stats.items():
        if s.get("attached"):
            continue  # listed below, with those that could not be opened
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(s["aliases_by_kind"].items()))
        print(f"{name} knowledge base: {s['path']}")
        print(f"  {s['articles']:,} articles, {s['aliases']:,} names ({kinds})")
        print(f"  {s['bytes'] / 1e6:.1f} MB" + (f", source {s['meta']['source']}"
                                                  if s["meta"].get("source") else ""))
    for a in attached:
        state = {"indexed": "indexed",
                 "indexing": f"indexing, {100 * a.fraction:.0f}% done "
                             "(`glossator kb attach` goes on)",
                 "missing": "the ZIM file is not there"}[a.state]
        print(f"attached ZIM {a.title}: {a.zim_path}")
        print(f"  id {a.id} (`glossator kb detach {a.id}` stops using it)")
        print(f"  {a.names:,} names of {a.articles:,} articles, {state}; "
              f"index {a.index_bytes / 1e6:.1f} MB")
        print(f"  link priors: {_links_line(a.links)}")
        print(f"  {a.attribution}")
    return 0


def _links_line(links: dict) -> str:
    state = links.get("state", "none")
    if state == "done":
        return (f"{links['names']:,} names, {links['pairs']:,} pairs from {links['links']:,} "
                f"links in {links['articles']:,} articles ({links['bytes'] / 1e6:.1f} MB)")
    if state in ("counting", "finishing"):
        done = ("counted, being written" if state == "finishing"
                else f"counting, {100 * links.get('fraction', 0.0):.0f}% done")
        if links.get("recount"):
            done = (f"counting again, {done.partition(', ')[2]}; the ones counted before "
                    "are used until it ends")
        return f"{done} (`glossator kb attach FILE --links` goes on)"

    return "none (`glossator kb attach FILE --links` counts them)"


def cmd_search(args: argparse.Namespace) -> int:
    """Full-text search."""
    query = " ".join(args.query)
    with open_kb(args, readonly=True) as kb:
        hits = kb.search(query, args.limit)
    if args.json:
        print(json.dumps([{"title": t, "description": d, "snippet": s} for t, d, s in hits],
                         ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"Nothing found for {query!r}.")
        return 1
    for title, description, snippet in hits:
        print(f"{title} — {description}" if description else title)
        print(f"    {snippet}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Show one article with its names and attribution."""
    title = " ".join(args.title)
    with open_kb(args, readonly=True) as kb:
        article = kb.article(title)
        if article is None:
            hits = kb.lookup(title) or kb.candidates(title, 3)
            if not hits:
                print(f"No article {title!r} in the knowledge base.", file=sys.stderr)
                return 1
            article = kb.article(hits[0].title)
        names = kb.names_of(article.title)
    if args.json:
        from dataclasses import asdict

        print(json.dumps({**asdict(article), "names": [{"name": n, "kind": k} for n, k in names],
                          "attribution": article.attribution}, ensure_ascii=False, indent=2))
        return 0
    print(article.title)
    if article.description:
        print(article.description)
    print()
    print(textwrap.fill(article.extract, width=88))
    print()
    print("Names: " + ", ".join(f"{n} ({k})" for n, k in names))
    print(f"Type: {article.etype}" + (f", {article.gender}" if article.gender else ""))
    print(f"Source: {article.source or 'unknown'}; fetched {article.fetched_at or 'unknown'}")
    print(article.attribution)
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    """Candidates for a name, with their scores."""
    name = " ".join(args.name)
    with open_kb(args, readonly=True) as kb:
        found = kb.candidates(name, args.limit)
    if not found:
        print(f"No article is named like {name!r}.")
        return 1
    for c in found:
        print(f"{c.title:40} via {c.alias!r} ({c.kind}) match {c.scores['match']:.2f} "
              f"prior {c.prior:.2f} edits {c.edit_distance}{' phonetic' if c.phonetic else ''}")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    """Move a damaged or unwanted user knowledge base aside (never deletes it)."""
    import time

    path = Path(args.kb) if args.kb else paths.user_kb_path(create=False)
    if not path.exists():
        print(f"There is no knowledge base at {path}; nothing to do.")
        return 0
    aside = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
    try:
        path.rename(aside)
        for suffix in ("-wal", "-shm"):
            extra = Path(f"{path}{suffix}")
            if extra.exists():
                extra.rename(Path(f"{aside}{suffix}"))
    except OSError as exc:
        import errno

        why = ("its folder is read-only" if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
               else exc.strerror or str(exc))
        print(f"glossator: cannot move {path} aside: {why}. Nothing was changed; move it "
              "yourself or give another folder with --data-dir.", file=sys.stderr)
        return 1
    print(f"Moved {path} to {aside}. A fresh knowledge base is created on next use.")
    return 0
