export * from "./tenants";
export * from "./people";
export * from "./config";
export * from "./auth";
export * from "./inadimplencia";
export * from "./rematricula";
export * from "./privacy";
