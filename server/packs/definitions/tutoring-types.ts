import type { PackSource } from "@/server/packs/format";

// The tutoring pack's entity types (version 1.0.0). A person signs in as a teacher or guardian
// record through its `userId` (the user's id): that is what `actor.entityIds` resolves. Every
// `...Id` field holds the id of a record of the named type.

type EntityTypes = PackSource["entityTypes"];

const str = (maxLength = 200) => ({ type: "string", maxLength });
const id = { type: "string", minLength: 1, maxLength: 100 };
const email = { type: "string", format: "email", maxLength: 320 };
const dateTime = { type: "string", format: "date-time" };
const userId = { ...id, description: "The id of the user who signs in as this person" };

export const tutoringEntityTypes: EntityTypes = [
  {
    slug: "teacher",
    name: "Teacher",
    description: "A tutor who conducts sessions",
    schema: {
      type: "object",
      properties: {
        name: str(),
        email,
        phone: str(50),
        subjects: { type: "array", items: str(100) },
        hourlyRate: { type: "number", minimum: 0 },
        bio: str(2000),
        userId,
      },
      required: ["name", "email"],
    },
    searchFields: ["name", "email"],
    displayConfig: {
      listFields: ["name", "email", "subjects"],
      detailFields: ["name", "email", "phone", "subjects", "bio"],
    },
  },
  {
    slug: "student",
    name: "Student",
    description: "A learner receiving tutoring",
    schema: {
      type: "object",
      properties: {
        name: str(),
        grade: str(50),
        subjects: { type: "array", items: str(100) },
        notes: str(2000),
        preferredTeacherId: id,
        guardianId: id,
      },
      required: ["name"],
    },
    searchFields: ["name", "grade"],
    displayConfig: {
      listFields: ["name", "grade", "subjects"],
      detailFields: ["name", "grade", "subjects", "notes", "preferredTeacherId"],
    },
  },
  {
    slug: "guardian",
    name: "Guardian",
    description: "Parent or guardian responsible for payment and communication",
    schema: {
      type: "object",
      properties: {
        name: str(),
        email,
        phone: str(50),
        whatsappNumber: str(50),
        billingAddress: {
          type: "object",
          properties: {
            street: str(),
            city: str(100),
            postalCode: str(20),
            country: str(100),
          },
        },
        userId,
      },
      required: ["name", "phone"],
    },
    searchFields: ["name", "email", "phone"],
    displayConfig: {
      listFields: ["name", "email", "phone"],
      detailFields: ["name", "email", "phone", "whatsappNumber", "billingAddress"],
    },
  },
  {
    slug: "session",
    name: "Session",
    description: "A scheduled tutoring session",
    schema: {
      type: "object",
      properties: {
        teacherId: id,
        studentId: id,
        guardianId: id,
        startTime: dateTime,
        durationMinutes: { type: "integer", minimum: 15, maximum: 480 },
        subject: str(100),
        meetingLink: { type: "string", format: "uri", maxLength: 2000 },
        status: {
          enum: [
            "pending_payment",
            "scheduled",
            "in_progress",
            "completed",
            "cancelled",
            "no_show",
          ],
        },
        entitlementId: id,
        paymentId: id,
        teacherNotes: str(5000),
        guardianNotes: str(5000),
        reportSubmitted: { type: "boolean" },
        reportContent: str(10000),
        cancellationReason: str(1000),
        cancelledBy: str(100),
        cancelledAt: dateTime,
      },
      required: ["teacherId", "studentId", "startTime", "durationMinutes"],
    },
    searchFields: ["subject"],
    displayConfig: {
      listFields: ["startTime", "studentId", "teacherId", "status"],
      detailFields: ["startTime", "durationMinutes", "subject", "meetingLink", "status"],
    },
  },
  {
    slug: "payment",
    name: "Payment",
    description: "A payment record for sessions or packs",
    schema: {
      type: "object",
      properties: {
        guardianId: id,
        amount: { type: "number", minimum: 0 },
        currency: { type: "string", pattern: "^[A-Z]{3}$" },
        status: { enum: ["pending", "processing", "paid", "failed", "refunded"] },
        method: str(50),
        providerReference: str(200),
        sessionId: id,
        entitlementId: id,
        paidAt: dateTime,
        failureReason: str(1000),
      },
      required: ["guardianId", "amount", "status"],
    },
    searchFields: ["providerReference", "method"],
    displayConfig: {
      listFields: ["guardianId", "amount", "status", "paidAt"],
      detailFields: ["guardianId", "amount", "currency", "status", "method", "providerReference"],
    },
  },
  {
    slug: "entitlement",
    name: "Entitlement",
    description: "A pack of session credits",
    schema: {
      type: "object",
      properties: {
        guardianId: id,
        studentId: id,
        totalCredits: { type: "integer", minimum: 0 },
        remainingCredits: { type: "integer", minimum: 0 },
        usedCredits: { type: "integer", minimum: 0 },
        expiresAt: dateTime,
        status: { enum: ["active", "exhausted", "expired", "cancelled"] },
        paymentId: id,
        subject: str(100),
        preferredTeacherId: id,
      },
      required: ["guardianId", "studentId", "totalCredits", "remainingCredits"],
    },
    searchFields: ["subject"],
    displayConfig: {
      listFields: ["studentId", "totalCredits", "remainingCredits", "status"],
      detailFields: ["studentId", "totalCredits", "remainingCredits", "usedCredits", "expiresAt"],
    },
  },
];
