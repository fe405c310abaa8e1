/** The SMART app's entry point: defines the elements; `<chartside-app>` in index.html starts the launch. */
import './components/chartside-app.ts';
