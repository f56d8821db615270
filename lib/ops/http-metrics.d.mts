export interface RoutesManifest {
  staticRoutes?: { page: string }[];
  dynamicRoutes?: { page: string; regex: string }[];
}
export function routeMatcher(manifest: RoutesManifest): (pathname: string) => string;
export function observeRequest(method: string | undefined, pathname: string, status: number, seconds: number): void;
