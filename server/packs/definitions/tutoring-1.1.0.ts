import type { PackSource } from "@/server/packs/format";
import { tutoring100 } from "@/server/packs/definitions/tutoring-1.0.0";

// 1.1.0: a session says how it is held. Existing sessions were all held in person.

const MEETING_PROVIDER = {
  enum: ["in_person", "zoom", "google_meet", "teams"],
  description: "Where the session is held",
};

const entityTypes = tutoring100.entityTypes.map((type) => {
  if (type.slug !== "session") return type;
  const schema = type.schema as { properties: Record<string, unknown> };
  return {
    ...type,
    schema: {
      ...type.schema,
      properties: { ...schema.properties, meetingProvider: MEETING_PROVIDER },
    },
  };
});

export const tutoring110: PackSource = {
  ...tutoring100,
  version: "1.1.0",
  entityTypes,
  migrations: [
    {
      from: "1.0.0",
      to: "1.1.0",
      steps: [
        {
          type: "add_field",
          entityType: "session",
          field: "meetingProvider",
          schema: MEETING_PROVIDER,
          default: "in_person",
        },
      ],
    },
  ],
};
