// A list's filters kept in the page's address (?action=…&from=…), so that a filtered list survives a reload
// and can be linked; a change replaces the history entry, so Back leaves the list instead of undoing a filter.
import { useSearchParams } from 'react-router';

type FilterValues<Filters> = { [Name in keyof Filters]?: string };

/** The named filters as the address holds them (an empty one is no filter), and the setter of one. */
export function useSearchFilters<Filters extends FilterValues<Filters>>(
  names: readonly (keyof Filters & string)[],
): [Filters, (name: keyof Filters & string, value: string) => void] {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(names.map((name) => [name, params.get(name) || undefined])) as Filters;

  function setFilter(name: keyof Filters & string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return [filters, setFilter];
}
