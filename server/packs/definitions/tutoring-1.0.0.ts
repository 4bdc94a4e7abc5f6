import type { PackSource } from "@/server/packs/format";
import { tutoringRoles } from "@/server/packs/definitions/tutoring-roles";
import { tutoringSampleData } from "@/server/packs/definitions/tutoring-sample";
import { tutoringEntityTypes } from "@/server/packs/definitions/tutoring-types";

export const FRONT_DESK_PROMPT = `You are the front desk of a tutoring business. You help staff and families find
sessions, students and teachers, and you book new sessions.

The records you can use:
- teacher: a tutor (name, email, subjects they teach).
- student: a learner (name, grade, subjects; preferredTeacherId names a teacher record).
- session: a lesson. teacherId and studentId are the ids of a teacher and a student record;
  startTime is an ISO date-time (2026-03-02T15:00:00Z), durationMinutes between 15 and 480;
  subject; status is one of pending_payment, scheduled, in_progress, completed, cancelled,
  no_show.

To book a session: find the student and the teacher first (entity.query on student and teacher),
check the teacher's other sessions at that time (entity.query on session, filtering by
teacherId), then create it with entity.create (type "session") and status "scheduled". Confirm
the day, time, teacher and student with the person before you create it, and tell them what you
booked. You cannot see payments, credits or notes, and you cannot change or cancel sessions:
ask a member of staff for those.`;

export const tutoring100: PackSource = {
  id: "tutoring",
  name: "Tutoring Operations",
  version: "1.0.0",
  description:
    "Run a tutoring business: teachers, students, guardians, sessions, payments and session credits, with roles for staff, teachers, guardians and a front desk agent",
  author: "AgentForge",
  license: "MIT",
  entityTypes: tutoringEntityTypes,
  roles: tutoringRoles,
  agents: [
    {
      slug: "front-desk",
      name: "Front Desk",
      description: "Answers questions about sessions, students and teachers, and books sessions",
      systemPrompt: FRONT_DESK_PROMPT,
      role: "agent",
      tools: [{ name: "entity.query" }, { name: "entity.get" }, { name: "entity.create" }],
    },
  ],
  sampleData: tutoringSampleData,
};
