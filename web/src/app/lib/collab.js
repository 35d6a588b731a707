// The live connection: the official ShareDB browser client over a TicketSocket, text-unicode with the
// presence transform registered, collection "documents", doc id = Sandstone document id.
import ShareDB from 'sharedb/lib/client';
import { textUnicodeWithPresence } from './presence.js';
import { CollabUnavailable, TicketSocket } from './ticket-socket.js';

ShareDB.types.register(textUnicodeWithPresence);

/** Statuses people see, from the socket's and ShareDB's states. */
export const CONNECTION_LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected: live',
  reconnecting: 'Reconnecting… your typing is kept and sent when the connection is back',
  offline: 'Offline: your typing is kept and sent when you are back online',
  unavailable: 'Live editing is not available here: changes are saved over REST',
  closed: 'Closed',
};

/**
 * Opens one ShareDB connection for one document. onStatus gets 'connecting' | 'connected' | 'reconnecting' |
 * 'offline' | 'unavailable' | 'closed'.
 */
export function openCollab({ api, documentId, onStatus }) {
  let socketStatus = 'connecting';
  const socket = new TicketSocket({
    urlProvider: async () => {
      let ticket;
      try {
        ticket = await api.collabTicket();
      } catch (error) {
        if (error.status === 404 || error.status === 405 || error.status === 501) {
          throw new CollabUnavailable('This server has no live collaboration endpoint');
        }
        throw error;
      }
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      return `${scheme}://${location.host}/api/collab?ticket=${encodeURIComponent(ticket.ticket)}`;
    },
    onStatus: (status) => {
      socketStatus = status;
      if (status === 'offline') onStatus('offline');
      else if (status === 'waiting') onStatus('reconnecting');
      else if (status === 'unavailable') onStatus('unavailable');
      else if (status === 'closed') onStatus('closed');
    },
  });
  const connection = new ShareDB.Connection(socket);
  connection.on('state', (state) => {
    if (state === 'connected') onStatus('connected');
    else if (state === 'disconnected') onStatus(socketStatus === 'offline' ? 'offline' : 'reconnecting');
    else if (state === 'connecting' && socketStatus !== 'connecting') onStatus('reconnecting');
  });
  connection.on('error', (error) => console.warn('collaboration', error));
  const goneOffline = () => socket.drop('offline');
  const backOnline = () => socket.retryNow();
  window.addEventListener('offline', goneOffline);
  window.addEventListener('online', backOnline);
  const doc = connection.get('documents', documentId);
  const presence = connection.getDocPresence('documents', documentId);
  return {
    connection,
    doc,
    presence,
    socket,
    close() {
      window.removeEventListener('offline', goneOffline);
      window.removeEventListener('online', backOnline);
      try { presence.destroy(); } catch { /* already gone */ }
      try { doc.destroy(); } catch { /* already gone */ }
      connection.close();
    },
  };
}
