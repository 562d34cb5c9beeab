"""The document engine: compilations of a consultation's inputs, and any other kind of document registered with it.

From the bottom up:
- files: the work files on a worker's disk, shared through the bucket when media is in object storage;
- locks: the claims that keep a part from being rendered, or a compilation merged, twice at once;
- attachments: what of an uploaded PDF may reach a document, and what reading it may cost;
- stream: the PDF writer that streams pages to the file as they are copied;
- fonts: which characters the installed fonts draw, and which fonts are the documents' own (the log's warnings);
- tagging: what WeasyPrint's PDF tags lack (languages, link descriptions, artifacts); accessibility: the checks;
- render: WeasyPrint, the static-only URL fetcher, part keys, the part cache, batches;
- merge: merging parts behind the front into one PDF (bookmarks, links, numbers), checking it, uploaded PDFs;
- documents: the compilation's docs and their loaders, the only module that reads inputs from the database;
- layout: the body by respondent or by question, contents with page numbers, the cover;
- kinds: the registry of document kinds (loader, templates, layout); inputs: the compilation, the first kind;
- collection: one pass over a document's parts, then render what is missing, lay out and merge;
- jobs: the entry point of views, commands and tasks; the Compilation rows and one input's own PDF.
"""
