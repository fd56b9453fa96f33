/** Words: the CS team registers customers (contacts, zone, window) and their servers. */
import type { Instant } from '../../domain/calendar.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { Customer, type Server, ServerRegistration, serverOfRegistration } from '../../domain/records.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import type { Page, PageRequest } from '../paged-reads.ts';
import { auditEvent } from './audit-events.ts';
import type { ChannelDeps } from './deps.ts';

export type Actor = { actor: string; at: Instant };

export async function addCustomer(deps: ChannelDeps, input: unknown, by: Actor): Promise<Customer> {
  const defaults = deps.cfg.defaults;
  const raw = {
    timeZone: defaults.timeZone,
    maintenanceWindow: defaults.maintenanceWindow,
    ...(input as object),
  };
  const customer = parseOrThrow(Customer, raw, 'customer');
  if (await deps.store.directory.getCustomer(customer.id)) {
    throw new ConflictError(`customer ${customer.id} already exists; update it instead`);
  }
  await deps.store.directory.saveCustomer(customer, audit('customer.added', customer.id, by, { customer }));
  return customer;
}

export async function updateCustomer(
  deps: ChannelDeps,
  id: string,
  input: unknown,
  by: Actor,
): Promise<Customer> {
  const current = await deps.store.directory.getCustomer(id);
  if (!current) throw new NotFoundError('customer', id);
  const next = parseOrThrow(Customer, { ...current, ...(input as object), id }, 'customer');
  await deps.store.directory.saveCustomer(
    next,
    audit('customer.updated', id, by, { before: current, after: next }),
  );
  return next;
}

/** C9.2: an `activeDirectoryImage` that is not among the images is refused, never dropped. */
export async function addServer(deps: ChannelDeps, input: unknown, by: Actor): Promise<Server> {
  const server = serverOfRegistration(parseOrThrow(ServerRegistration, input, 'server'));
  if (!(await deps.store.directory.getCustomer(server.customerId))) {
    throw new NotFoundError('customer', server.customerId);
  }
  const existing = await deps.store.directory.getServer(server.id);
  if (existing)
    throw new ConflictError(`server ${server.id} is already registered to ${existing.customerId}`);
  await deps.store.directory.saveServer(
    server,
    audit('server.added', server.id, by, { server }, server.customerId),
  );
  return server;
}

export const getCustomer = async (deps: ChannelDeps, id: string): Promise<Customer> => {
  const customer = await deps.store.directory.getCustomer(id);
  if (!customer) throw new NotFoundError('customer', id);
  return customer;
};

/** A page of every customer, by id. */
export const listCustomers = (deps: ChannelDeps, page: PageRequest): Promise<Page<Customer>> =>
  deps.store.pages.customers(page);

/** A page of the servers of one customer, or of all customers (one range, not one query per customer). */
export const listServers = (
  deps: ChannelDeps,
  customerId: string | undefined,
  page: PageRequest,
): Promise<Page<Server>> => deps.store.pages.servers(customerId, page);

const audit = (
  type: string,
  subjectId: string,
  by: Actor,
  data: Record<string, unknown>,
  customerId?: string,
) => auditEvent({ type, actor: by.actor, at: by.at, subjectId, customerId: customerId ?? subjectId, data });
