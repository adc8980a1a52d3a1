import { adminConcertParams } from "@/lib/admin/admin-schemas";
import { exportSales } from "@/lib/admin/export-sales";
import { adminGate } from "@/lib/auth/require-admin";
import { methods, route } from "@/lib/http/with-route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({
    ...adminGate,
    params: adminConcertParams,
    handler: async ({ params, now }) => {
      const { filename, csv } = await exportSales(params.concertId, now);
      return new Response(csv, {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${filename}"`,
          "Cache-Control": "no-store",
        },
      });
    },
  }),
});
