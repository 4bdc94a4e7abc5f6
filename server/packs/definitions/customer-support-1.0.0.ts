import type { PackSource } from "@/server/packs/format";

// Customer support: customers, their tickets, help articles. A customer signs in as a customer
// record through its `userId`; they see their own tickets (by `customerId`), never the team's
// internal notes.

const str = (maxLength = 200) => ({ type: "string", maxLength });
const id = { type: "string", minLength: 1, maxLength: 100 };
const hide = (...fields: string[]) =>
  fields.map((field) => ({ fieldPath: `data.${field}`, maskType: "hide" as const }));
const READ = ["read", "list"] as const;

export const SUPPORT_PROMPT = `You are the support assistant of a software company. You help the support team and
customers with tickets and help articles.

The records you can use:
- customer: a person or company we support (name, email, company).
- ticket: a request from a customer. customerId is the id of a customer record; subject and
  description; status is one of open, pending, resolved, closed; priority one of low, normal,
  high, urgent.
- article: a help article (title, body, category); only published articles are for customers.

Look for a published article that answers the question first (entity.query on article). To open
a ticket, find the customer (entity.query on customer), then create it with entity.create (type
"ticket", status "open", priority "normal" unless the customer says it is urgent). You can
update a ticket's status and priority; say what you changed.`;

export const customerSupport100: PackSource = {
  id: "customer-support",
  name: "Customer Support",
  version: "1.0.0",
  description:
    "A help desk: customers, tickets and help articles, with roles for support agents and customers and a support assistant agent",
  author: "AgentForge",
  license: "MIT",
  entityTypes: [
    {
      slug: "customer",
      name: "Customer",
      description: "A person or company the team supports",
      schema: {
        type: "object",
        properties: {
          name: str(),
          email: { type: "string", format: "email", maxLength: 320 },
          company: str(),
          phone: str(50),
          userId: { ...id, description: "The id of the user who signs in as this customer" },
        },
        required: ["name", "email"],
      },
      searchFields: ["name", "email", "company"],
      displayConfig: { listFields: ["name", "email", "company"] },
    },
    {
      slug: "ticket",
      name: "Ticket",
      description: "A customer's request, from open to closed",
      schema: {
        type: "object",
        properties: {
          subject: { type: "string", minLength: 1, maxLength: 200 },
          description: str(10000),
          customerId: id,
          status: { enum: ["open", "pending", "resolved", "closed"] },
          priority: { enum: ["low", "normal", "high", "urgent"] },
          assignee: { ...id, description: "The id of the user working on the ticket" },
          channel: { enum: ["email", "chat", "phone", "web"] },
          internalNotes: str(10000),
        },
        required: ["subject", "customerId", "status", "priority"],
      },
      searchFields: ["subject", "description"],
      displayConfig: {
        listFields: ["subject", "status", "priority", "customerId"],
        detailFields: ["subject", "description", "status", "priority", "assignee", "channel"],
      },
    },
    {
      slug: "article",
      name: "Article",
      description: "A help article",
      schema: {
        type: "object",
        properties: {
          title: { type: "string", minLength: 1, maxLength: 200 },
          body: str(50000),
          category: str(100),
          published: { type: "boolean" },
        },
        required: ["title", "body"],
      },
      searchFields: ["title", "body", "category"],
      displayConfig: { listFields: ["title", "category", "published"] },
    },
  ],
  roles: [
    {
      name: "support-agent",
      description: "The support team: every ticket, the customers, the articles",
      policies: [
        { resource: "ticket", actions: [...READ, "create", "update"] },
        { resource: "customer", actions: [...READ, "create", "update"] },
        { resource: "article", actions: [...READ, "create", "update"] },
      ],
    },
    {
      name: "customer",
      description: "Customers: their own tickets and profile, published articles",
      policies: [
        {
          resource: "ticket",
          actions: [...READ],
          scopeRules: [
            { type: "field", field: "data.customerId", operator: "in", value: "actor.entityIds" },
          ],
          fieldMasks: hide("internalNotes", "assignee"),
        },
        { resource: "ticket", actions: ["create"] },
        {
          resource: "customer",
          actions: [...READ],
          scopeRules: [
            { type: "field", field: "data.userId", operator: "eq", value: "actor.userId" },
          ],
          fieldMasks: hide("userId"),
        },
        {
          resource: "article",
          actions: [...READ],
          scopeRules: [{ type: "field", field: "data.published", operator: "eq", value: true }],
        },
      ],
    },
    {
      name: "support-assistant",
      description: "The support assistant agent: reads and opens tickets, changes their status",
      policies: [
        { resource: "ticket", actions: [...READ, "create", "update"], fieldMasks: [] },
        { resource: "customer", actions: [...READ] },
        { resource: "article", actions: [...READ] },
      ],
    },
  ],
  agents: [
    {
      slug: "support-assistant",
      name: "Support Assistant",
      description: "Answers from the help articles, opens and updates tickets",
      systemPrompt: SUPPORT_PROMPT,
      role: "support-assistant",
      tools: [
        { name: "entity.query" },
        { name: "entity.get" },
        { name: "entity.create" },
        { name: "entity.update" },
      ],
    },
  ],
  sampleData: {
    records: [
      {
        key: "acme",
        type: "customer",
        data: { name: "Priya Shah", email: "priya@acme.example", company: "Acme Ltd" },
      },
      {
        key: "globex",
        type: "customer",
        data: { name: "Tom Becker", email: "tom@globex.example", company: "Globex" },
      },
      {
        key: "t1",
        type: "ticket",
        data: {
          subject: "Cannot export invoices to CSV",
          description: "The export button spins forever.",
          customerId: { $sample: "acme" },
          status: "open",
          priority: "high",
          channel: "email",
          internalNotes: "Reproduced on the EU cluster; engineering ticket filed.",
        },
      },
      {
        key: "t2",
        type: "ticket",
        data: {
          subject: "How do I add a second admin?",
          customerId: { $sample: "acme" },
          status: "resolved",
          priority: "low",
          channel: "chat",
        },
      },
      {
        key: "t3",
        type: "ticket",
        data: {
          subject: "Billing address change",
          customerId: { $sample: "globex" },
          status: "pending",
          priority: "normal",
          channel: "web",
          internalNotes: "Waiting for their VAT number.",
        },
      },
      {
        key: "a1",
        type: "article",
        data: {
          title: "Exporting invoices",
          body: "Open Billing, choose Invoices, then Export as CSV.",
          category: "Billing",
          published: true,
        },
      },
      {
        key: "a2",
        type: "article",
        data: {
          title: "Known issue: slow exports (draft)",
          body: "Engineering is investigating.",
          category: "Billing",
          published: false,
        },
      },
    ],
    relations: [{ from: "t1", relationType: "about", to: "a1" }],
  },
};
