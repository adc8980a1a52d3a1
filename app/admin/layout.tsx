import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin-console/admin-nav";
import { isAdminVisitor } from "@/lib/auth/admin-page";

// Every /admin page checks access itself (requireAdminPage: sign-in for anonymous visitors, the 403 notice for
// fans); the layout only adds the console's menu, and only for admins.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await isAdminVisitor();
  return (
    <>
      {admin && <AdminNav />}
      {children}
    </>
  );
}
