// Pages of the post list, fetched from SQLite on demand: the webview never
// holds the whole archive, only the pages the list has scrolled past.

export const PAGE_SIZE = 100;

export type FetchPage<T> = (offset: number, limit: number) => Promise<{ total: number; items: T[] }>;

/** Fetches and caches fixed-size pages; `onChange` fires when one arrives. */
export class PageCache<T> {
  private pages = new Map<number, T[]>();
  private inFlight = new Set<number>();
  private closed = false;
  total: number | null = null;
  error: unknown = null;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly onChange: () => void,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  /** The item at `index`, or undefined while its page is not loaded. */
  get(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Starts loading the page holding `index`, once. */
  ensure(index: number): void {
    const page = Math.floor(index / this.pageSize);
    if (this.closed || this.pages.has(page) || this.inFlight.has(page)) return;
    this.inFlight.add(page);
    this.fetchPage(page * this.pageSize, this.pageSize)
      .then((r) => {
        if (this.closed) return;
        this.pages.set(page, r.items);
        this.total = r.total;
      })
      .catch((e: unknown) => {
        if (!this.closed) this.error = e;
      })
      .finally(() => {
        this.inFlight.delete(page);
        if (!this.closed) this.onChange();
      });
  }

  /** Stops delivering results (the list's filter changed). */
  close(): void {
    this.closed = true;
  }
}
