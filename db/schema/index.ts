export * from "./instance";
export * from "./access";
