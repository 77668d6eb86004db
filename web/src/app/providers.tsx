// TanStack Query for every read of the API; the cache is dropped when the session ends.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { isApiError } from '@/lib/api-error';
import { useSession } from '@/lib/session';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change by asking again; a network blip might.
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
    },
  },
});

export function AppProviders({ children }: { children: ReactNode }) {
  const { token } = useSession();
  useEffect(() => {
    if (!token) queryClient.clear();
  }, [token]);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
