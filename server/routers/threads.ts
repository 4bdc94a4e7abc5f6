import { removedOutput } from "@/server/routers/roles.schemas";
import {
  addMessageInput,
  createThreadInput,
  getMessagesInput,
  listThreadsInput,
  messageOutput,
  messagePageOutput,
  threadByExternalIdInput,
  threadIdInput,
  threadOutput,
  threadPageOutput,
  threadWithMessagesInput,
  threadWithMessagesOutput,
  updateThreadInput,
} from "@/server/routers/threads.schemas";
import {
  addMessage,
  createThread,
  getMessages,
  getThread,
  getThreadByExternalId,
  getThreadWithMessages,
  listThreads,
  removeThread,
  updateThread,
} from "@/server/services/threads";
import { adminProcedure, orgProcedure, router } from "@/server/trpc";

// Threads and their messages: any member reads and may open a thread; owners and admins change
// and delete them (the thread's own user may change its metadata, which the service decides).
export const threadsRouter = router({
  list: orgProcedure
    .input(listThreadsInput)
    .output(threadPageOutput)
    .query(({ ctx, input }) => listThreads(ctx, input)),
  get: orgProcedure
    .input(threadIdInput)
    .output(threadOutput)
    .query(({ ctx, input }) => getThread(ctx, input)),
  getByExternalId: orgProcedure
    .input(threadByExternalIdInput)
    .output(threadOutput)
    .query(({ ctx, input }) => getThreadByExternalId(ctx, input)),
  getWithMessages: orgProcedure
    .input(threadWithMessagesInput)
    .output(threadWithMessagesOutput)
    .query(({ ctx, input }) => getThreadWithMessages(ctx, input)),
  getMessages: orgProcedure
    .input(getMessagesInput)
    .output(messagePageOutput)
    .query(({ ctx, input }) => getMessages(ctx, input)),
  create: orgProcedure
    .input(createThreadInput)
    .output(threadOutput)
    .mutation(({ ctx, input }) => createThread(ctx, input)),
  update: orgProcedure
    .input(updateThreadInput)
    .output(threadOutput)
    .mutation(({ ctx, input }) => updateThread(ctx, input)),
  remove: adminProcedure
    .input(threadIdInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removeThread(ctx, input)),
  addMessage: adminProcedure
    .input(addMessageInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => addMessage(ctx, input)),
});
