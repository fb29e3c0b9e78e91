import { reactive } from 'vue';
import { MessagePlugin } from 'tdesign-vue-next';
import { ApiError } from './api.client';

// A form's server errors: the message on each field the server named, the
// whole message in a toast.
export function formErrors() {
  const fields = reactive<Record<string, string>>({});
  return {
    fields,
    status: (name: string) => (fields[name] ? 'error' : undefined),
    clear() {
      for (const k of Object.keys(fields)) delete fields[k];
    },
    show(err: unknown) {
      for (const k of Object.keys(fields)) delete fields[k];
      if (err instanceof ApiError) {
        Object.assign(fields, err.fields);
        void MessagePlugin.error(err.message);
      } else {
        void MessagePlugin.error('操作失败，请重试');
      }
    },
  };
}

export function showError(err: unknown): void {
  void MessagePlugin.error(err instanceof ApiError ? err.message : '操作失败，请重试');
}
