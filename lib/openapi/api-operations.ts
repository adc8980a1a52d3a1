import type { Operation } from "./operation";
import { accountOperations } from "./operations/account-operations";
import {
  adminAccessOperations,
  adminConcertOperations,
  adminRoomOperations,
  adminSaleOperations,
} from "./operations/admin-operations";
import { bookingOperations } from "./operations/booking-operations";
import { catalogueOperations } from "./operations/catalogue-operations";
import { queueOperations } from "./operations/queue-operations";
import { systemOperations } from "./operations/system-operations";
import { walletOperations } from "./operations/wallet-operations";

/** Every operation of the API, in the order a partner meets them. */
export const apiOperations: Operation[] = [
  ...accountOperations,
  ...queueOperations,
  ...catalogueOperations,
  ...bookingOperations,
  ...walletOperations,
  ...systemOperations,
  ...adminConcertOperations,
  ...adminRoomOperations,
  ...adminSaleOperations,
  ...adminAccessOperations,
];

export function findOperation(method: string, path: string): Operation | undefined {
  return apiOperations.find((op) => op.method === method.toLowerCase() && op.path === path);
}
