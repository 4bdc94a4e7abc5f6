import type { PackSource } from "@/server/packs/format";

// Example records for a new tutoring organization: two teachers, two guardians, three students,
// four sessions, one payment and one credit pack, linked by id ({"$sample": key} is the id of
// the sample record of that key) and by `guardian_of` relations.

const ref = (key: string) => ({ $sample: key });

export const tutoringSampleData: NonNullable<PackSource["sampleData"]> = {
  records: [
    {
      key: "amara",
      type: "teacher",
      data: {
        name: "Amara Okafor",
        email: "amara@example.com",
        subjects: ["Maths", "Physics"],
        hourlyRate: 45,
      },
    },
    {
      key: "lucas",
      type: "teacher",
      data: {
        name: "Lucas Meyer",
        email: "lucas@example.com",
        subjects: ["English", "History"],
        hourlyRate: 40,
      },
    },
    {
      key: "helen",
      type: "guardian",
      data: { name: "Helen Park", email: "helen.park@example.com", phone: "+44 20 7946 0011" },
    },
    {
      key: "david",
      type: "guardian",
      data: { name: "David Rossi", email: "david.rossi@example.com", phone: "+44 20 7946 0022" },
    },
    {
      key: "mina",
      type: "student",
      data: {
        name: "Mina Park",
        grade: "Year 9",
        subjects: ["Maths"],
        guardianId: ref("helen"),
        preferredTeacherId: ref("amara"),
      },
    },
    {
      key: "joon",
      type: "student",
      data: {
        name: "Joon Park",
        grade: "Year 6",
        subjects: ["English"],
        guardianId: ref("helen"),
        preferredTeacherId: ref("lucas"),
      },
    },
    {
      key: "sofia",
      type: "student",
      data: {
        name: "Sofia Rossi",
        grade: "Year 11",
        subjects: ["Physics", "History"],
        guardianId: ref("david"),
      },
    },
    {
      key: "s1",
      type: "session",
      data: {
        teacherId: ref("amara"),
        studentId: ref("mina"),
        guardianId: ref("helen"),
        startTime: "2026-03-02T15:00:00Z",
        durationMinutes: 60,
        subject: "Maths: quadratic equations",
        status: "completed",
        teacherNotes: "Confident with factorising; practise completing the square.",
      },
    },
    {
      key: "s2",
      type: "session",
      data: {
        teacherId: ref("amara"),
        studentId: ref("sofia"),
        guardianId: ref("david"),
        startTime: "2026-03-03T16:00:00Z",
        durationMinutes: 90,
        subject: "Physics: forces",
        status: "scheduled",
        guardianNotes: "Sofia has a test on Friday.",
      },
    },
    {
      key: "s3",
      type: "session",
      data: {
        teacherId: ref("lucas"),
        studentId: ref("joon"),
        guardianId: ref("helen"),
        startTime: "2026-03-04T14:30:00Z",
        durationMinutes: 45,
        subject: "English: reading",
        status: "scheduled",
      },
    },
    {
      key: "s4",
      type: "session",
      data: {
        teacherId: ref("lucas"),
        studentId: ref("sofia"),
        guardianId: ref("david"),
        startTime: "2026-03-05T17:00:00Z",
        durationMinutes: 60,
        subject: "History: essay planning",
        status: "pending_payment",
      },
    },
    {
      key: "p1",
      type: "payment",
      data: {
        guardianId: ref("helen"),
        amount: 225,
        currency: "GBP",
        status: "paid",
        method: "card",
        paidAt: "2026-02-27T10:12:00Z",
      },
    },
    {
      key: "e1",
      type: "entitlement",
      data: {
        guardianId: ref("helen"),
        studentId: ref("mina"),
        totalCredits: 5,
        remainingCredits: 4,
        usedCredits: 1,
        status: "active",
        paymentId: ref("p1"),
        subject: "Maths",
      },
    },
  ],
  relations: [
    { from: "helen", relationType: "guardian_of", to: "mina" },
    { from: "helen", relationType: "guardian_of", to: "joon" },
    { from: "david", relationType: "guardian_of", to: "sofia" },
  ],
};
