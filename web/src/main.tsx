import '@digdir/designsystemet-css';
import '@digdir/designsystemet-css/theme';
import './app.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
