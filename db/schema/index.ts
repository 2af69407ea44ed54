export * from "./instance";
export * from "./access";
export * from "./flows";
export * from "./executions";
export * from "./namespaces";
export * from "./triggers";
export * from "./iam";
