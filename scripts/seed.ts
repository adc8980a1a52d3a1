import { createPrisma } from "../lib/db/prisma";
import { seedDemoData } from "../lib/db/seed";

// `npm run db:seed`: demo concerts and fans in the database of DATABASE_URL.
async function main() {
  const prisma = createPrisma();
  try {
    const { created } = await seedDemoData(prisma);
    console.log(created.length ? `seeded: ${created.join(", ")}` : "demo data already present");
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
