import type { Metadata } from "next";
import { NotFoundCard } from "@/components/shell/not-found-card";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <NotFoundCard title="Page not found">
      This address does not exist, or you are not allowed to see it.
    </NotFoundCard>
  );
}
